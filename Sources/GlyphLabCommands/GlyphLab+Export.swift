import ArgumentParser
import Foundation
import GlyphLabReports

extension GlyphLab {
  /// `glyphlab export mlflow LOG… --out DIR`: run logs for other tools.
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Export run logs for other tools.", subcommands: [MLflow.self])

    /// `glyphlab export mlflow LOG… --out DIR`.
    struct MLflow: ParsableCommand {
      static let configuration = CommandConfiguration(
        commandName: "mlflow",
        abstract: "Write run logs as an MLflow file store (read by `mlflow ui --backend-store-uri DIR`).",
        discussion: """
          One experiment per log, one MLflow run per run: parameters as params, summary attributes \
          as metrics at step 0, curves as step-indexed metrics curve.<name> (step = round), and tags \
          for the git commit (mlflow.source.git.commit), the dirty flag (glyphlab.git_dirty), the run \
          id, status and ablation. The store is built beside DIR and renamed into place.
          """)

      @Argument(help: "The run logs (.h5).")
      var logs: [String]

      @Option(name: [.customLong("out"), .customShort("o")], help: "The store's folder (must not exist).")
      var out: String

      @Flag(help: "Replace DIR if it exists (it must be an MLflow store this command wrote).")
      var overwrite = false

      func validate() throws {
        guard !logs.isEmpty else { throw ValidationError("give at least one run log") }
      }

      func run() throws {
        let snapshots = try logs.map { try RunLogSnapshot(path: $0) }
        let url = URL(fileURLWithPath: out)
        let manager = FileManager.default
        var old: URL?
        if manager.fileExists(atPath: url.path) {
          guard overwrite else { throw ValidationError("\(out) exists; pass --overwrite to replace it") }
          guard manager.fileExists(atPath: url.appendingPathComponent("0/meta.yaml").path) else {
            throw ValidationError("\(out) exists and is not an MLflow store; not replacing it")
          }
          let aside = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
          try manager.moveItem(at: url, to: aside)
          old = aside
        }
        do {
          let ids = try MLflowStore.write(snapshots, to: url)
          if let old { try? manager.removeItem(at: old) }
          for (id, snapshot) in zip(ids, snapshots) {
            print("\(url.path)/\(id): experiment \(snapshot.experiment), \(snapshot.runs.count) runs")
          }
        } catch {
          if let old { try? manager.moveItem(at: old, to: url) }
          throw error
        }
      }
    }
  }
}
