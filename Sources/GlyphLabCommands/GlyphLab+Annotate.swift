import ArgumentParser
import Dispatch
import Foundation
import GlyphLabAnnotation
import GlyphLabRunner

extension GlyphLab {
  /// `glyphlab annotate SPEC`: the pipeline of a `pipeline` spec with a person in the loop,
  /// through a local web page; every answer is timed and logged to the run log.
  struct Annotate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run a pipeline spec with a person answering in a browser, timing every action.",
      discussion: """
        Starts a web server on 127.0.0.1 and prints the page's URL with a one-time token. The spec is an
        ordinary `pipeline` spec with one seed; the person takes the simulated annotator's place. The
        log (kind `annotation`, default Reports/<experiment>.annotation.h5) is committed after every
        round and on Ctrl-C; `--resume` continues a session. `glyphlab report` reads the log, and
        `glyphlab calibrate` fits the cost model from it.
        """)

    @Argument(help: "The pipeline spec (YAML), with one seed.")
    var spec: String

    @Argument(help: "Overrides: dotted.key=value.")
    var overrides: [String] = []

    @Option(name: [.customLong("out"), .customShort("o")], help: "The session's run log.")
    var out: String?

    @Flag(help: "Continue the session in the log: replay its answers, then ask the next query.")
    var resume = false

    @OptionGroup var replacing: OverwriteOptions

    @OptionGroup var blas: BLASOptions

    @Option(help: "The address to listen on (default 127.0.0.1; another address is reachable from the network).")
    var host = "127.0.0.1"

    @Option(help: "The port (default 0: a free port is chosen).")
    var port = 0

    func validate() throws {
      guard (0...65_535).contains(port) else { throw ValidationError("--port must be in 0...65535, got \(port)") }
      if resume && replacing.policy().overwrite {
        throw ValidationError("--resume and --overwrite contradict each other; choose one")
      }
    }

    func run() throws {
      blas.apply()
      let loaded = try ExperimentSpec.load(path: spec, overrides: overrides)
      if host != "127.0.0.1" && host != "localhost" && host != "::1" {
        FileHandle.standardError.write(
          Data(
            "warning: listening on \(host), not the loopback address: anyone who can reach it and has the token can answer\n"
              .utf8))
      }
      let session = try AnnotationSession(
        spec: loaded, logPath: out, resume: resume, policy: replacing.policy(),
        command: CommandLine.arguments.joined(separator: " "))
      let server = try AnnotationServer(session: session)
      if session.refit == .afterBatch {
        let note =
          "note: pipeline.refit is after-batch: the person waits while the model refits after each batch; "
          + "pipeline.refit: background refits while the next batch is answered\n"
        FileHandle.standardError.write(Data(note.utf8))
      }
      if session.log.resumed {
        print(
          "resuming \(session.log.path): \(session.desk.allActions().filter { !$0.undone }.count) answers to replay")
      }
      session.start(blasThreads: blas.threads ?? 1)
      let failure = ErrorBox()
      let finished = DispatchSemaphore(value: 0)
      let host = self.host
      let port = self.port
      let token = server.token.value
      let task = Task {
        do {
          let app = server.application(host: host, port: port) { port in
            let shown = host.contains(":") ? "[\(host)]" : host
            FileHandle.standardOutput.write(
              Data("annotate: open http://\(shown):\(port)/?token=\(token)  (Ctrl-C stops and commits the log)\n".utf8))
          }
          try await app.runService(gracefulShutdownSignals: [.sigint, .sigterm])
        } catch {
          failure.set(error)
        }
        finished.signal()
      }
      // When the run ends on its own, leave the page a moment to show it, then stop the server.
      Thread.detachNewThread {
        session.waitUntilEnded()
        Thread.sleep(forTimeInterval: 3)
        task.cancel()
      }
      finished.wait()
      session.stop()
      print("annotate: \(session.result); log \(session.log.path) (\(session.commits) commits)")
      if let error = failure.error { throw error }
    }
  }
}

/// An error handed from the server's task to the command's thread.
final class ErrorBox: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Error?

  var error: Error? {
    lock.lock()
    defer { lock.unlock() }
    return stored
  }

  func set(_ error: Error) {
    lock.lock()
    stored = error
    lock.unlock()
  }
}
