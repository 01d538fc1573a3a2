import Foundation
import GlyphLabAnnotation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabFiles
import GlyphLabRunner
import GlyphLabTestSupport
import Hummingbird
import HummingbirdTesting

/// A tiny synthetic dataset, pipeline specs over it, and a client that answers like the
/// ground truth, for the annotation tests.
enum AnnotationFixtures {
  static let classes = 3

  /// The side of the fixture's pages.
  static let pageSide = 100

  /// Where glyph `g` sits on its page (page g / 36) with `pages`.
  static func pageBox(_ g: Int) -> (page: Int, x: Int, y: Int) {
    let slot = g % 36
    return (g / 36, 2 + 16 * (slot % 6), 2 + 16 * (slot / 6))
  }

  /// The true class of glyph `g` in the fixture.
  static func truth(_ g: Int) -> Int { g % classes }

  /// Writes `count` 12×12 glyphs of 3 classes (a 4×4 ink block per class under heavy seeded
  /// speckle, so the model errs and people correct it).
  /// With `pages`, the glyphs are also the boxes of two 100 × 100 pages (glyph i is box i,
  /// on a 16-pixel grid, 36 to a page), as a page import writes them.
  static func writeDataset(at path: String, count: Int = 45, seed: UInt64 = 7, pages: Bool = false) throws {
    var generator = SeededGenerator(seed: seed)
    var pixels: [UInt8] = []
    var labels: [Int32] = []
    let side = 12
    for n in 0..<count {
      let label = truth(n)
      let (oy, ox) = ((label * 5) % (side - 4), (label * 3) % (side - 4))
      for y in 0..<side {
        for x in 0..<side {
          let inBlock = (oy..<(oy + 4)).contains(y) && (ox..<(ox + 4)).contains(x)
          let noise = generator.uniformInt(below: 230)
          pixels.append(UInt8(inBlock ? 255 - noise : noise))
        }
      }
      labels.append(Int32(label))
    }
    let writer = try GlyphDatasetWriter(
      path: path,
      metadata: DatasetMetadata(name: "annotation-fixture", source: "synthetic test glyphs", license: "CC0-1.0"),
      height: side, width: side)
    try writer.append(images: pixels, labels: labels)
    try writer.setClasses((0..<classes).map { "class\($0)" })
    if pages {
      try writer.declarePages(height: pageSide, width: pageSide)
      for first in stride(from: 0, to: count, by: 36) {
        var page = [UInt8](repeating: 0, count: pageSide * pageSide)
        var boxes: [Int32] = []
        for g in first..<min(count, first + 36) {
          let box = pageBox(g)
          for y in 0..<side {
            for x in 0..<side { page[(box.y + y) * pageSide + box.x + x] = pixels[g * side * side + y * side + x] }
          }
          boxes += [Int32(box.x), Int32(box.y), Int32(side), Int32(side)]
        }
        try writer.appendPage(pixels: page, boxes: boxes, boxLabels: Array(labels[first..<min(count, first + 36)]))
      }
    }
    try writer.finish()
  }

  static func spec(
    dataset: String, log: String, grids: Bool = false, rounds: Int = 3, budget: String = "unlimited",
    refit: String = "after-batch"
  )
    -> String
  {
    """
    experiment: annotate-fixture
    kind: pipeline
    seeds: [1]
    target: 1.0
    parameters:
      dataset:
        path: \(dataset)
      features:
        kind: hog
        hog_cell: 4
        pca: 8
      pipeline:
        batch_size: 4
        max_rounds: \(rounds)
        budget: \(budget)
        verify_clusters: \(grids)
        max_grid_size: 5
        refit: \(refit)
    log_predictions: true
    log: \(log)
    """
  }

  /// A directory with the dataset and a spec; returns (directory, spec path, log path).
  static func setUp(
    _ label: String, grids: Bool = false, rounds: Int = 3, budget: String = "unlimited",
    refit: String = "after-batch", pages: Bool = false
  ) throws -> (
    URL, String, String
  ) {
    let directory = try TestPaths.temporaryDirectory(label)
    let dataset = directory.appendingPathComponent("glyphs.h5").path
    try writeDataset(at: dataset, pages: pages)
    let log = directory.appendingPathComponent("session.h5").path
    let specPath = directory.appendingPathComponent("spec.yaml").path
    try spec(dataset: dataset, log: log, grids: grids, rounds: rounds, budget: budget, refit: refit)
      .write(toFile: specPath, atomically: true, encoding: .utf8)
    return (directory, specPath, log)
  }

  static func session(spec: String, log: String, resume: Bool = false) throws -> AnnotationSession {
    try AnnotationSession(
      spec: try ExperimentSpec.load(path: spec), logPath: log, resume: resume, policy: OutputPolicy(overwrite: true),
      command: "test")
  }

  static let token = SessionToken("0123456789abcdef0123456789abcdef")

  static var headers: HTTPFields {
    var fields = HTTPFields()
    fields[.contentType] = "application/json"
    fields[.authorization] = "Bearer \(token.value)"
    return fields
  }

  static func json(_ value: some Encodable) throws -> ByteBuffer {
    ByteBuffer(bytes: try JSONEncoder().encode(value))
  }

  static func state(_ response: TestResponse) throws -> SessionState {
    try JSONDecoder().decode(SessionState.self, from: Data(response.body.readableBytesView))
  }

  static func message(_ response: TestResponse) -> String { String(buffer: response.body) }

  /// Waits (long polls) until a query waits or the run ends.
  static func nextState(_ client: some TestClientProtocol, after: Int) async throws -> SessionState {
    while true {
      let response = try await client.execute(uri: "/api/state?after=\(after)", method: .get, headers: headers)
      let state = try state(response)
      if state.phase != .working { return state }
    }
  }

  /// The scripted person's costs: type 3 s, confirm 1 s, look at a wrong suggestion 1.5 s;
  /// a grid 2 s + 0.25 s per glyph + 1 s per glyph marked (+ typing when the label is typed).
  static let scriptedType = 3.0
  static let scriptedConfirm = 1.0
  static let scriptedLook = 1.5

  /// The page's timing of an action that takes `seconds`, ±0.1 s by query number (so the
  /// times vary and their intervals are not empty).
  static func timing(_ seconds: Double, query: Int) -> SubmittedAnswer.Timing {
    let total = seconds + 0.1 * Double(query % 3 - 1)
    return SubmittedAnswer.Timing(shown: 1000, firstInput: 1000 + total * 250, submitted: 1000 + total * 1000)
  }

  /// The answer the ground truth gives to `query`, timed as the scripted person.
  static func truthfulAnswer(_ query: SessionState.Query) -> SubmittedAnswer {
    let label = "class\(truth(query.glyphs[0]))"
    switch query.kind {
    case "type":
      return SubmittedAnswer(
        query: query.id, action: .type, label: label, timing: timing(scriptedType, query: query.id))
    case "review":
      return query.suggestion?.name == label
        ? SubmittedAnswer(query: query.id, action: .confirm, timing: timing(scriptedConfirm, query: query.id))
        : SubmittedAnswer(
          query: query.id, action: .correct, label: label,
          timing: timing(scriptedLook + scriptedType, query: query.id))
    default:
      var votes = [Int](repeating: 0, count: classes)
      for g in query.glyphs { votes[truth(g)] += 1 }
      var majority = 0
      for c in 0..<classes where votes[c] > votes[majority] { majority = c }
      let rejected = query.glyphs.filter { truth($0) != majority }
      let typed = query.suggestion?.name != "class\(majority)"
      let seconds = 2 + 0.25 * Double(query.glyphs.count) + Double(rejected.count) + (typed ? scriptedType : 0)
      return SubmittedAnswer(
        query: query.id, action: .grid, label: "class\(majority)", rejected: rejected,
        timing: timing(seconds, query: query.id))
    }
  }

  /// Answers truthfully until the run ends or `limit` answers were given; returns the state.
  static func answerTruthfully(_ client: some TestClientProtocol, limit: Int = .max) async throws -> SessionState {
    var state = try await nextState(client, after: 0)
    var given = 0
    while state.phase == .query, let query = state.query, given < limit {
      let response = try await client.execute(
        uri: "/api/answer", method: .post, headers: headers, body: try json(truthfulAnswer(query)))
      guard response.status == .ok else { throw AnnotationError("answer refused: \(message(response))") }
      given += 1
      state = try await nextState(client, after: query.id)
    }
    return state
  }
}
