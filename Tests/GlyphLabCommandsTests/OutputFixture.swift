import Foundation
import GlyphLabImaging
import GlyphLabTestSupport
import Testing

/// The corpus needs Debian's fortunes-zh, unicode-data and CJK font packages (`make setup`).
let outputCorpusInstalled =
  FileManager.default.fileExists(atPath: "/usr/share/games/fortunes/tang300")
  && FileManager.default.fileExists(atPath: "/usr/share/unicode/Unihan_Variants.txt.bz2")

/// The small inputs every writing command's test reads, made once with the real commands: a
/// corpus of 24 glyphs and one page, a clustering spec over it and its run log, tiny IDX
/// files, a folder of PNG drawings and an embedding matrix (.npy).
struct OutputFixture: Sendable {
  let directory: URL
  let recipe: String
  let dataset: String
  let spec: String
  let log: String
  let idxImages: String
  let idxLabels: String
  let folder: String
  let embedding: String

  static func glyphlab() throws -> URL {
    try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
  }

  /// Runs glyphlab with `arguments` and requires success.
  @discardableResult
  static func succeed(_ arguments: [String]) throws -> ProcessOutput {
    let output = try ProcessRunner.run(try glyphlab(), arguments)
    try #require(output.status == 0, "glyphlab \(arguments.joined(separator: " ")): \(output.stderr)")
    return output
  }

  init() throws {
    let root = try TestPaths.temporaryDirectory("outputs-fixture")
    directory = root
    let path = { (name: String) in root.appendingPathComponent(name).path }
    recipe = TestPaths.repository.appendingPathComponent("Datasets/ancient-glyphs.yaml").path
    dataset = path("glyphs.h5")
    try Self.succeed([
      "datasets", "build", "ancient-glyphs", "--recipe", recipe, "--glyphs", "24", "--pages", "1", "--out", dataset,
    ])
    spec = path("spec.yaml")
    log = path("log.h5")
    try """
    experiment: outputs
    kind: clustering
    seeds: [1]
    parameters:
      dataset: {path: \(dataset)}
      clustering: {clusters: 2, max_iterations: 5}
    log: \(log)
    """.write(toFile: spec, atomically: true, encoding: .utf8)
    try Self.succeed(["run", spec, "--jobs", "1"])

    // 12 images of 8×8 and their labels (3 classes), uncompressed IDX.
    idxImages = path("images.idx3")
    idxLabels = path("labels.idx1")
    var images: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 12, 0, 0, 0, 8, 0, 0, 0, 8]
    images += (0..<(12 * 64)).map { UInt8(truncatingIfNeeded: $0 * 37) }
    try Data(images).write(to: URL(fileURLWithPath: idxImages))
    try Data([0, 0, 8, 1, 0, 0, 0, 12] + (0..<12).map { UInt8($0 % 3) }).write(to: URL(fileURLWithPath: idxLabels))

    // Two classes of three 12×12 drawings each, one folder per class.
    folder = path("drawings")
    for (c, character) in ["circle", "bar"].enumerated() {
      let into = root.appendingPathComponent("drawings/script/\(character)")
      try FileManager.default.createDirectory(at: into, withIntermediateDirectories: true)
      for drawing in 0..<3 {
        let pixels = (0..<144).map { i -> UInt8 in
          let (x, y) = (i % 12 - 6, i / 12 - 6)
          let ink = c == 0 ? abs(x * x + y * y - 16) < 6 + drawing : abs(x - drawing + 1) < 2
          return ink ? 0 : 255
        }
        let png = try PNGCodec.encode(GrayImage(width: 12, height: 12, pixels: pixels))
        try Data(png).write(to: into.appendingPathComponent("\(drawing).png"))
      }
    }

    // A 24 × 4 float32 matrix in NumPy's format, one row per glyph.
    embedding = path("embedding.npy")
    var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (24, 4), }"
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    var npy: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
    npy += [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)] + Array(header.utf8)
    for i in 0..<(24 * 4) { withUnsafeBytes(of: Float(i % 7).bitPattern.littleEndian) { npy += $0 } }
    try Data(npy).write(to: URL(fileURLWithPath: embedding))
  }

  /// The fixture, made on first use.
  static let shared = Result { try OutputFixture() }
}
