import Foundation
import GlyphLabConfig
import GlyphLabDatasets

/// A parsed, validated training spec (YAML, e.g. `Experiments/encoder.yaml`; the keys are
/// documented in `docs/training.md`).
///
/// Loading checks everything before anything trains — unknown keys, wrong types, a learning
/// rate ≤ 0, 0 epochs, values out of range — and each error is a `ConfigError` naming the
/// file, line and dotted key (`<command line>` for an override). A spec that mentions a
/// reserved held-out font (``ReservedFonts``) anywhere, even in a comment, is refused.
public struct TrainingSpec: Sendable {
  /// The top-level keys a training spec may have.
  public static let topLevelKeys = [
    "name", "description", "dataset", "input_size", "architecture", "loss", "optimizer", "schedule", "epochs",
    "batch_size", "augmentation", "seed", "threads", "out", "checkpoint", "checkpoint_every", "shuffle_window",
  ]

  /// Where the spec was read from.
  public var path: String
  /// The file's text, recorded in the weights file.
  public var text: String
  /// The command-line overrides applied, as given.
  public var overrides: [String]
  /// A short name for the encoder (`name:`, default the spec file's name).
  public var name: String
  /// Free text (`description:`).
  public var description: String
  /// The training dataset (`dataset:`, required), in the GlyphLab dataset format with
  /// labels and `/groups/font`.
  public var dataset: String
  /// The side of the square network input (`input_size:`, default 32): stored glyphs are
  /// resized to it by area averaging.
  public var inputSize: Int
  /// The network (`architecture:`).
  public var architecture: ArchitectureSettings
  /// The objective (`loss:`).
  public var loss: TrainingLoss
  /// The optimiser (`optimizer:`).
  public var optimizer: OptimizerSettings
  /// The learning-rate schedule (`schedule:`).
  public var schedule: ScheduleSettings
  /// Passes over the data (`epochs:`, required, ≥ 1).
  public var epochs: Int
  /// Images per step (`batch_size:`, default 128); for the prototypical loss the episode
  /// size decides it.
  public var batchSize: Int
  /// Per-sample augmentation (`augmentation:`, the knobs of ``GlyphAugmentation``, default
  /// none). Each image of each epoch gets its own generator, derived from the seed, the
  /// epoch and the image's row.
  public var augmentation: GlyphAugmentation.Configuration
  /// The seed of every random draw (`seed:`, default 0).
  public var seed: UInt64
  /// Compute threads (`threads:`; `nil` = the process default). Results do not depend on it.
  public var threads: Int?
  /// The weights file written at the end (`out:`, required).
  public var out: String
  /// The checkpoint file (`checkpoint:`); `nil` = beside the weights file (see
  /// ``checkpointPath(out:)``).
  public var checkpoint: String?
  /// Steps between checkpoints (`checkpoint_every:`, default 0 = at the end of each epoch
  /// only).
  public var checkpointEvery: Int
  /// Images shuffled together, rounded up to whole chunks (`shuffle_window:`, default
  /// 262,144): the most the loader holds in memory.
  public var shuffleWindow: Int

  /// Reads the spec at `path` and applies `overrides` (`dotted.key=value`).
  public static func load(path: String, overrides: [String] = []) throws -> TrainingSpec {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ConfigError(file: path, line: 0, key: "", message: "cannot read the training spec")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ConfigError(file: path, line: 0, key: "", message: "not UTF-8 text")
    }
    return try parse(text, file: path, overrides: overrides)
  }

  /// Parses spec `text` (`file` names it in errors) and applies `overrides`.
  public static func parse(_ text: String, file: String, overrides: [String] = []) throws -> TrainingSpec {
    if let mention = ReservedFonts.mention(in: text) {
      let line =
        (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
          $0.lowercased().contains(mention.lowercased())
        } ?? -1) + 1
      throw ConfigError(
        file: file, line: line, key: "",
        message: "mentions '\(mention)', a font reserved as a held-out test edition; "
          + "no training spec may use it (GUIDE.md)")
    }
    for override in overrides {
      if let mention = ReservedFonts.mention(in: override) {
        throw ConfigError(
          file: ConfigNode.commandLine, line: 0, key: String(override.prefix { $0 != "=" }),
          message: "mentions '\(mention)', a font reserved as a held-out test edition; no training may use it")
      }
    }
    let root = try ConfigNode.parse(text, file: file).applying(overrides)
    var spec = try TrainingSpecReader(root: root, file: file).read()
    spec.text = text
    spec.overrides = overrides
    return spec
  }

  /// The checkpoint file of a training writing `out`: ``checkpoint`` if given, else
  /// `<out without .h5>.checkpoint.h5`.
  public func checkpointPath(out: String) -> String {
    if let checkpoint { return checkpoint }
    return out.hasSuffix(".h5") ? String(out.dropLast(3)) + ".checkpoint.h5" : out + ".checkpoint.h5"
  }

  /// What decides the trained weights — dataset, input size, architecture, loss, optimiser,
  /// schedule, epochs, batch size, augmentation, seed and shuffle window — as text. A
  /// checkpoint resumes only a training with the same key; the output paths, checkpoint
  /// interval and thread count are not part of it.
  public var trainingKey: String {
    [
      "dataset=\(dataset)", "input_size=\(inputSize)",
      "architecture=\(architecture.architecture(inputSize: inputSize))",
      "loss=\(loss)", "optimizer=\(optimizer)", "schedule=\(schedule)", "epochs=\(epochs)", "batch_size=\(batchSize)",
      "augmentation=\(augmentation)", "seed=\(seed)", "shuffle_window=\(shuffleWindow)",
    ].joined(separator: "\n")
  }

  /// The steps of one epoch over `images` labelled images (batches, or episodes for the
  /// prototypical loss, for which this is an estimate).
  public func stepsPerEpoch(images: Int) -> Int {
    switch loss {
    case .prototypical(let ways, let shots, let queries): return max(1, images / (ways * (shots + queries)))
    default: return max(1, (images + batchSize - 1) / batchSize)
    }
  }
}
