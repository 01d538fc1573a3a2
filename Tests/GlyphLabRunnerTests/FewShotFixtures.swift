import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabRunner

/// A small grouped dataset for the few-shot and feature-path tests: `groups` "alphabets",
/// each with `classesPerGroup` classes of `perClass` 12×12 glyphs (class c: a 4×4 ink block
/// at its own position, with seeded speckle noise). Group `alphabet` names each glyph's
/// alphabet; group `edition` alternates "a" and "b" within each class.
enum FewShotFixtures {
  static func writeDataset(
    at path: String, groups: Int = 2, classesPerGroup: Int = 4, perClass: Int = 8, seed: UInt64 = 3
  ) throws -> String {
    let side = 12
    var generator = SeededGenerator(seed: seed)
    var pixels: [UInt8] = []
    var labels: [Int32] = []
    var alphabet: [Int32] = []
    var edition: [Int32] = []
    let classes = groups * classesPerGroup
    for label in 0..<classes {
      let (oy, ox) = ((label * 5) % (side - 4), (label * 3 + label / 3) % (side - 4))
      for copy in 0..<perClass {
        for y in 0..<side {
          for x in 0..<side {
            let inBlock = (oy..<(oy + 4)).contains(y) && (ox..<(ox + 4)).contains(x)
            let noise = generator.uniformInt(below: 90)
            pixels.append(UInt8(inBlock ? 255 - noise : noise))
          }
        }
        labels.append(Int32(label))
        alphabet.append(Int32(label / classesPerGroup))
        edition.append(Int32(copy % 2))
      }
    }
    let writer = try GlyphDatasetWriter(
      path: path,
      metadata: DatasetMetadata(name: "fewshot-fixture", source: "synthetic test glyphs", license: "CC0-1.0"),
      height: side, width: side)
    try writer.declareGroup("alphabet", values: (0..<groups).map { "alphabet\($0)" })
    try writer.declareGroup("edition", values: ["a", "b"])
    try writer.append(images: pixels, labels: labels, groups: ["alphabet": alphabet, "edition": edition])
    try writer.setClasses((0..<classes).map { "class\($0)" })
    try writer.finish()
    return path
  }

  static func spec(dataset: String, log: String, extra: String = "") -> String {
    """
    experiment: fewshot-fixture
    kind: fewshot
    seeds: [1, 2]
    parameters:
      dataset:
        path: \(dataset)
      fewshot:
        ways: 3
        shots: 1
        queries: 4
        episodes: 12
        constraint: within
        group: alphabet
    \(extra)
    log: \(log)
    """
  }
}
