import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabTestSupport

/// Small datasets and file helpers shared by the dataset tests.
enum DatasetFixtures {
  static let metadata = DatasetMetadata(
    name: "fixture", source: "GlyphLab tests", license: "CC0-1.0", description: "鄉/郷 variants")

  /// A deterministic image stack: pixel (n, y, x) = (n·31 + y·7 + x·3) mod 256.
  static func pixels(count: Int, height: Int, width: Int, offset: Int = 0) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(count * height * width)
    for n in offset..<(offset + count) {
      for y in 0..<height {
        for x in 0..<width { out.append(UInt8((n * 31 + y * 7 + x * 3) % 256)) }
      }
    }
    return out
  }

  /// Writes a small valid dataset (5 images of 4×3, 2 classes, a group) and returns its path.
  @discardableResult
  static func writeSmall(at path: String) throws -> String {
    let writer = try GlyphDatasetWriter(path: path, metadata: metadata, height: 4, width: 3)
    try writer.declareGroup("font", values: ["Song", "Kai"])
    try writer.append(
      images: pixels(count: 5, height: 4, width: 3), labels: [0, 1, 1, -1, 0],
      groups: ["font": [0, 1, 0, 1, -1]])
    try writer.setClasses(["郷", "鄉"])
    try writer.finish()
    return path
  }

  /// The names in `directory`, sorted (to check that no partial or temporary file is left).
  static func entries(_ directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
  }
}
