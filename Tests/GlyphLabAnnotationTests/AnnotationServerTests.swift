import Foundation
import GlyphLabAnnotation
import GlyphLabHDF5
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("annotation server through an HTTP client", .serialized)
struct AnnotationServerTests {
  typealias F = AnnotationFixtures

  @Test func everyActionAndBadRequestThenTheLogMatchesTheSimulatedRun() async throws {
    let (directory, spec, log) = try F.setUp("annotate-server")
    let session = try F.session(spec: spec, log: log)
    let server = try AnnotationServer(session: session, token: F.token)
    session.start()
    let app = server.application()
    try await app.test(.live) { client in
      // The token: none, wrong, in the query (sets the cookie), in the header.
      let none = try await client.execute(uri: "/api/state", method: .get)
      #expect(none.status == .unauthorized)
      var wrong = HTTPFields()
      wrong[.authorization] = "Bearer nottherighttoken000000000000000"
      #expect(try await client.execute(uri: "/api/state", method: .get, headers: wrong).status == .forbidden)
      let page = try await client.execute(uri: "/?token=\(F.token.value)", method: .get)
      #expect(page.status == .ok)
      #expect(F.message(page).contains("<script src=\"app.js\">"))
      #expect(page.headers[.setCookie]?.contains("glyphlab_token=\(F.token.value)") == true)
      #expect(try await client.execute(uri: "/app.js", method: .get, headers: F.headers).status == .ok)
      let png = try await client.execute(uri: "/glyph/3.png", method: .get, headers: F.headers)
      #expect(png.status == .ok)
      #expect(Array(png.body.readableBytesView.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
      let missing = try await client.execute(uri: "/glyph/4500.png", method: .get, headers: F.headers)
      #expect(missing.status == .notFound)
      #expect(F.message(missing).contains("unknown glyph 4500"))

      // The first query: a glyph to type (no model yet).
      let first = try await F.nextState(client, after: 0)
      let query = try #require(first.query)
      #expect(query.kind == "type")
      let good = F.truthfulAnswer(query)
      func post(_ body: ByteBuffer, to path: String = "/api/answer") async throws -> TestResponse {
        try await client.execute(uri: path, method: .post, headers: F.headers, body: body)
      }
      // Bad requests, each a 4xx with a message, none of which answers the query.
      var unknownQuery = good
      unknownQuery.query = query.id + 5
      let r404 = try await post(try F.json(unknownQuery))
      #expect(r404.status == .notFound)
      #expect(F.message(r404).contains("unknown query"))
      var badClass = good
      badClass.label = "no-such-class"
      let r400 = try await post(try F.json(badClass))
      #expect(r400.status == .badRequest)
      #expect(F.message(r400).contains("unknown class 'no-such-class'"))
      var outOfTurn = good
      outOfTurn.action = .confirm
      let r409 = try await post(try F.json(outOfTurn))
      #expect(r409.status == .conflict)
      #expect(F.message(r409).contains("does not answer a type query"))
      var badTiming = good
      badTiming.timing = SubmittedAnswer.Timing(shown: 10, firstInput: 5, submitted: 20)
      #expect(try await post(try F.json(badTiming)).status == .badRequest)
      let malformed = try await post(ByteBuffer(string: "{\"query\": \"one\"}"))
      #expect(malformed.status == .badRequest)
      #expect(F.message(malformed).contains("query"))
      let oversized = try await post(
        ByteBuffer(string: String(repeating: " ", count: AnnotationServer.maxBodyBytes + 1)))
      #expect(oversized.status == .contentTooLarge)
      // A cookie alone does not authorise a POST.
      var cookieOnly = HTTPFields()
      cookieOnly[.cookie] = "glyphlab_token=\(F.token.value)"
      let cookiePost = try await client.execute(
        uri: "/api/answer", method: .post, headers: cookieOnly, body: try F.json(good))
      #expect(cookiePost.status == .unauthorized)

      // The answer, then its replay (or a second tab) is refused.
      #expect(try await post(try F.json(good)).status == .ok)
      let replay = try await post(try F.json(good))
      #expect(replay.status == .conflict)
      #expect(F.message(replay).contains("answered already"))

      // Undo: the same query comes back under a new number.
      let second = try await F.nextState(client, after: query.id)
      let secondQuery = try #require(second.query)
      #expect(second.canUndo)
      #expect(try await post(try F.json(["query": secondQuery.id + 1]), to: "/api/undo").status == .conflict)
      #expect(try await post(try F.json(["query": secondQuery.id]), to: "/api/undo").status == .ok)
      let again = try await F.nextState(client, after: secondQuery.id)
      let againQuery = try #require(again.query)
      #expect(againQuery.glyphs == query.glyphs)
      #expect(againQuery.id > secondQuery.id)
      #expect(again.progress.actions == 0)

      // Answer like the ground truth to the end: reviews (confirm and correct) follow round 0.
      let end = try await F.answerTruthfully(client)
      #expect(end.phase == .finished)
    }
    session.waitUntilEnded()
    #expect(session.result.hasPrefix("complete"))

    // The log: kind annotation, the same schema as a simulated run, and every action timed.
    let reader = try RunLogReader(path: log)
    #expect(reader.header.kind == "annotation")
    let entry = try #require(try reader.entries().first)
    #expect(entry.status == .complete)
    #expect(entry.strings["annotator"] == "person")
    let file = try HDF5File(path: log, mode: .readOnly)
    let actions = try ActionTable.read(from: try file.openGroup(RunLogLayout.runGroup(entry.id)))
    #expect(actions.filter(\.undone).count == 1)
    let kinds = Set(actions.map(\.action))
    #expect(kinds == [.type, .confirm, .correct], "\(actions.map(\.action))")
    #expect(actions.allSatisfy { abs($0.firstInputSeconds - $0.seconds / 4) < 1e-9 && $0.seconds > 0.5 })

    // Truthful answers make the session's curves and ledger those of the simulated run.
    let simulatedLog = directory.appendingPathComponent("simulated.h5").path
    let runner = try ExperimentRunner(
      spec: try ExperimentSpec.load(path: spec),
      options: {
        var o = RunnerOptions(); o.logPath = simulatedLog; o.jobs = 1; return o
      }())
    _ = try runner.run()
    let simulated = try #require(try RunLogReader(path: simulatedLog).entries().first)
    for name in ["final_accuracy", "total_cost", "efficiency", "aubc_cost"] {
      let a = entry.scalars[name] ?? .nan
      let b = simulated.scalars[name] ?? .nan
      #expect(a == b || (a.isNaN && b.isNaN), "\(name): annotated \(a), simulated \(b)")
    }
    #expect(entry.integers["total_labels"] == simulated.integers["total_labels"])
    #expect(entry.integers["actions_correct"] == simulated.integers["actions_correct"])
    #expect(entry.integers["rounds"] == simulated.integers["rounds"])

    // glyphlab report reads it unchanged.
    if let glyphlab = TestPaths.glyphlabExecutable {
      let markdown = directory.appendingPathComponent("report.md").path
      let report = try ProcessRunner.run(glyphlab, ["report", log, "--out", markdown])
      #expect(report.status == 0, "\(report.stderr)")
      let text = try String(contentsOfFile: markdown, encoding: .utf8)
      #expect(text.contains("Report of the `annotation` experiment"))
      #expect(text.contains("## Cost model"))
      #expect(text.contains("measured median (s)"))
      let typeTimes = actions.filter { $0.action == .type && !$0.undone }.map(\.seconds).sorted()
      let median = String(format: "%.2f", (typeTimes[1] + typeTimes[2]) / 2)
      #expect(typeTimes.count == 4)
      #expect(text.contains("| `type` | 4.00 | 4 | \(median) |"), "\(text)")

      // Calibrate from the log: the scripted costs come back; a spec then runs on them.
      let costs = directory.appendingPathComponent("costs.yaml").path
      let calibrate = try ProcessRunner.run(glyphlab, ["calibrate", log, "--out", costs])
      #expect(calibrate.status == 0, "\(calibrate.stderr)")
      let calibration = try CostCalibration(actions: try CostCalibration.actions(fromLogs: [log]))
      let type = try #require(calibration.estimates["type"])
      #expect(abs(type.seconds - F.scriptedType) < 0.11 && type.low <= F.scriptedType && F.scriptedType <= type.high)
      let confirm = try #require(calibration.estimates["confirm"])
      #expect(abs(confirm.seconds - F.scriptedConfirm) < 0.11)
      let look = try #require(calibration.estimates["correct_look"])
      #expect(abs(look.seconds - F.scriptedLook) < 0.2)
      let measuredSpec = directory.appendingPathComponent("measured.yaml").path
      let specText = try String(contentsOfFile: spec, encoding: .utf8)
        .replacingOccurrences(of: "log: \(log)", with: "log: \(directory.path)/measured.h5\ncosts: \(costs)")
      try specText.write(toFile: measuredSpec, atomically: true, encoding: .utf8)
      let run = try ProcessRunner.run(glyphlab, ["run", measuredSpec])
      #expect(run.status == 0, "\(run.stderr)")
      let measured = try RunLogReader(path: "\(directory.path)/measured.h5")
      #expect(measured.header.costsSource.hasPrefix("\(costs): calibrated from 1 annotation log"))
      let params = try #require(try measured.entries().first).params
      let fitted = Double(String(format: "%.4f", type.seconds)) ?? .nan
      #expect(params.contains("\"costs.type\":\(fitted)"), "\(params)")
      let measuredReport = try ProcessRunner.run(
        glyphlab, ["report", "\(directory.path)/measured.h5", "--out", "\(directory.path)/measured.md"])
      #expect(measuredReport.status == 0, "\(measuredReport.stderr)")
      let measuredText = try String(contentsOfFile: "\(directory.path)/measured.md", encoding: .utf8)
      #expect(measuredText.contains("The ledger priced actions with measured costs: `\(costs): calibrated from"))
      // A cost given twice is an error naming it.
      let twice = specText.replacingOccurrences(of: "  pipeline:\n", with: "  costs:\n    type: 5\n  pipeline:\n")
      #expect(throws: (any Error).self) { try ExperimentSpec.parse(twice, file: "twice.yaml") }
    }
  }

  @Test func gridsMarkMembersAndResumeReplaysTheSession() async throws {
    let (_, spec, log) = try F.setUp("annotate-resume", grids: true)
    let session = try F.session(spec: spec, log: log)
    let server = try AnnotationServer(session: session, token: F.token)
    session.start()
    try await server.application().test(.live) { client in
      let state = try await F.nextState(client, after: 0)
      let query = try #require(state.query)
      #expect(query.kind == "grid")
      var stray = F.truthfulAnswer(query)
      stray.rejected = [9999]
      let response = try await client.execute(
        uri: "/api/answer", method: .post, headers: F.headers, body: try F.json(stray))
      #expect(response.status == .badRequest)
      #expect(F.message(response).contains("glyph 9999 is not in the grid"))
      _ = try await F.answerTruthfully(client, limit: 3)
    }
    session.stop()
    #expect(session.result == "interrupted")
    let interrupted = try #require(try RunLogReader(path: log).entries().first)
    #expect(interrupted.status == .interrupted)

    // Resume: the three answers replay, then the session continues to the end.
    let resumed = try F.session(spec: spec, log: log, resume: true)
    #expect(resumed.log.resumed)
    #expect(resumed.desk.allActions().count == 3)
    let server2 = try AnnotationServer(session: resumed, token: F.token)
    resumed.start()
    try await server2.application().test(.live) { client in
      let first = try await F.nextState(client, after: 0)
      #expect((first.query?.id ?? 0) == 4)
      #expect(first.progress.actions == 3)
      let end = try await F.answerTruthfully(client)
      #expect(end.phase == .finished)
    }
    resumed.waitUntilEnded()
    let entry = try #require(try RunLogReader(path: log).entries().first)
    #expect(entry.status == .complete)
    #expect((entry.integers["actions_verify_cluster"] ?? 0) > 3)
    #expect((entry.integers["actions_mark_wrong"] ?? 0) >= 0)
    let header = try RunLogReader(path: log).header
    #expect(SessionRecord.decode(header.sessions).map(\.action) == ["annotate", "resume"])
  }
}
