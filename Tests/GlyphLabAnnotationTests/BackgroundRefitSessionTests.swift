import Foundation
import GlyphLabAnnotation
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("a session that refits in the background", .serialized)
struct BackgroundRefitSessionTests {
  typealias F = AnnotationFixtures

  /// Every curve but the wall-clock throughputs.
  static func curves(_ path: String) throws -> [CurveSeries] {
    let reader = try RunLogReader(path: path)
    let id = try #require(try reader.entries().first).id
    return try reader.curves(id).filter { !$0.name.hasPrefix("throughput") }
  }

  @Test func thePersonAnswersWhileItRefitsAndTheLogIsTheSimulatedRuns() async throws {
    let (directory, spec, log) = try F.setUp("annotate-background", grids: true, rounds: 5, refit: "background")
    let session = try F.session(spec: spec, log: log)
    #expect(session.refit == .background)
    let server = try AnnotationServer(session: session, token: F.token)
    session.start()
    try await server.application().test(.live) { client in
      var state = try await F.nextState(client, after: 0)
      var rounds = Set<Int>()
      while state.phase == .query, let query = state.query {
        rounds.insert(query.round)
        // A person takes a moment per answer; the refit of the batch before runs meanwhile.
        try await Task.sleep(for: .milliseconds(20))
        let response = try await client.execute(
          uri: "/api/answer", method: .post, headers: F.headers, body: try F.json(F.truthfulAnswer(query)))
        #expect(response.status == .ok, "\(F.message(response))")
        state = try await F.nextState(client, after: query.id)
      }
      #expect(state.phase == .finished, "\(state.message)")
      #expect(rounds.count >= 3)
    }
    session.waitUntilEnded()
    #expect(session.result.hasPrefix("complete"), "\(session.result)")

    // The simulated run of the same spec gives the same answers, so the same log.
    let simulatedLog = directory.appendingPathComponent("simulated.h5").path
    var options = RunnerOptions()
    options.logPath = simulatedLog
    options.jobs = 1
    _ = try ExperimentRunner(spec: try ExperimentSpec.load(path: spec), options: options).run()
    let annotated = try #require(try RunLogReader(path: log).entries().first)
    let simulated = try #require(try RunLogReader(path: simulatedLog).entries().first)
    #expect(annotated.params == simulated.params)
    for name in ["final_accuracy", "total_cost", "efficiency", "aubc_cost", "aubc_labels"] {
      let a = annotated.scalars[name] ?? .nan
      let b = simulated.scalars[name] ?? .nan
      #expect(a == b || (a.isNaN && b.isNaN), "\(name): annotated \(a), simulated \(b)")
    }
    for name in ["total_labels", "rounds", "actions_verify_cluster", "actions_mark_wrong"] {
      #expect(annotated.integers[name] == simulated.integers[name], "\(name)")
    }
    #expect(annotated.strings["stop_reason"] == simulated.strings["stop_reason"])
    #expect(try Self.curves(log) == Self.curves(simulatedLog))
    let annotatedPredictions = try RunLogReader(path: log).predictions(annotated.id)
    let simulatedPredictions = try RunLogReader(path: simulatedLog).predictions(simulated.id)
    #expect(annotatedPredictions?.labels == simulatedPredictions?.labels)
    #expect(annotatedPredictions?.settledRound == simulatedPredictions?.settledRound)
  }
}
