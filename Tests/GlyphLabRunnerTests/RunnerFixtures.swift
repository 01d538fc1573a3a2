import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

/// Tiny datasets and specs for the runner tests.
enum RunnerFixtures {
  /// Writes a dataset of `count` `side`×`side` glyphs (side ≥ 12) in `classes` classes: class
  /// c is a 4×4 ink block at a position of its own, with seeded speckle noise. Returns its
  /// path.
  @discardableResult
  static func writeDataset(
    at path: String, count: Int = 120, classes: Int = 3, side: Int = 12, seed: UInt64 = 7
  ) throws -> String {
    var generator = SeededGenerator(seed: seed)
    var pixels: [UInt8] = []
    var labels: [Int32] = []
    for n in 0..<count {
      let label = n % classes
      let (oy, ox) = ((label * 5) % (side - 4), (label * 3) % (side - 4))
      for y in 0..<side {
        for x in 0..<side {
          let inBlock = (oy..<(oy + 4)).contains(y) && (ox..<(ox + 4)).contains(x)
          let noise = generator.uniformInt(below: 60)
          pixels.append(UInt8(inBlock ? 255 - noise : noise))
        }
      }
      labels.append(Int32(label))
    }
    let writer = try GlyphDatasetWriter(
      path: path, metadata: DatasetMetadata(name: "runner-fixture", source: "GlyphLab tests", license: "CC0-1.0"),
      height: side, width: side)
    try writer.append(images: pixels, labels: labels)
    try writer.setClasses((0..<classes).map { "class\($0)" })
    try writer.finish()
    return path
  }

  /// A clustering spec over `dataset` with a sweep of k and downsampling, two seeds and an
  /// ablation of normalisation: 2 × 2 × (1 + 1) × 2 = 16 runs.
  static func spec(dataset: String, log: String, experiment: String = "fixture") -> String {
    """
    experiment: \(experiment)
    kind: clustering
    description: runner test sweep
    seeds: [1, 2]
    parameters:
      dataset:
        path: \(dataset)
      features:
        downsample: 1
      clustering:
        clusters: 3
        max_iterations: 50
    sweep:
      clustering.clusters: [2, 3]
      features.downsample: [1, 2]
    ablation:
      components:
        raw_pixels: {features.normalize: false}
    log: \(log)
    """
  }

  /// Writes `text` to `name` in `directory` and returns its path.
  static func write(_ text: String, to name: String, in directory: URL) throws -> String {
    let path = directory.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// Every run's recording in the log at `path`, by id (timing left out).
  static func recordings(_ path: String) throws -> [String: RunRecording] {
    let reader = try RunLogReader(path: path)
    var out: [String: RunRecording] = [:]
    for entry in try reader.entries() { out[entry.id] = try reader.recording(entry.id) }
    return out
  }
}

extension RunnerFixtures {
  /// A spec of `runs` seeds of a deliberately slow clustering (many random restarts, no
  /// tolerance), so a child process can be killed part-way.
  static func slowSpec(dataset: String, log: String, runs: Int, restarts: Int) -> String {
    """
    experiment: slow
    kind: clustering
    seeds: [\((1...runs).map(String.init).joined(separator: ", "))]
    parameters:
      dataset: {path: \(dataset)}
      clustering: {clusters: 12, init: random, restarts: \(restarts), tolerance: 0, max_iterations: 30}
    log: \(log)
    """
  }

  /// Checks that a `detection` spec with `parameters` (YAML under `parameters:`) is refused
  /// with an error naming `key`.
  static func expectDetectionSpecRefused(_ parameters: String, naming key: String, in directory: URL) throws {
    let path = try write(
      "experiment: bad\nkind: detection\nparameters:\n  \(parameters)\n", to: "bad.yaml", in: directory)
    do {
      let spec = try ExperimentSpec.load(path: path)
      for run in spec.runs { _ = try DetectionExperimentKind(parameters: run.parameters) }
      Issue.record("expected an error about \(key)")
    } catch {
      #expect("\(error)".contains(key), "\(error)")
    }
  }
}
