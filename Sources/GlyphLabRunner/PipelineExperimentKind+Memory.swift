import Foundation
import GlyphLabDatasets
import GlyphLabNetworks
import GlyphLabTraining

extension PipelineExperimentKind {
  /// What a pipeline run holds in memory at its peak, by part, in bytes: an estimate made
  /// before any work from the glyph count, the image size and the feature length.
  struct MemoryEstimate {
    var parts: [(name: String, bytes: Int)]
    var total: Int { parts.reduce(0) { $0 + $1.bytes } }

    /// "features 1.5 GiB, trunk outputs 3.8 GiB, …".
    var breakdown: String {
      parts.filter { $0.bytes > 0 }.map { "\($0.name) \(Self.size($0.bytes))" }.joined(separator: ", ")
    }

    /// Bytes in MiB below 1 GiB, else GiB, one decimal.
    static func size(_ bytes: Int) -> String {
      let mib = Double(bytes) / Double(1 << 20)
      return mib < 1024 ? String(format: "%.1f MiB", mib) : String(format: "%.1f GiB", mib / 1024)
    }
  }

  /// The estimate for `n` glyphs of `reader`'s size: the features (the matrix, its whitened
  /// copy and the classifier's working copy), the encoder trunk's outputs when the embedding
  /// layer is fine-tuned, the glyph images when they must be held (whole-network fine-tuning,
  /// or a trunk that is not cached on disk), and per-glyph state (labels, predictions,
  /// margins, ledger: 64 bytes a glyph).
  func memoryEstimate(glyphs n: Int, reader: GlyphDatasetReader) throws -> MemoryEstimate {
    let pixels = reader.height * reader.width
    var dimension = features.pca > 0 ? features.pca : pixels
    var trunk = 0
    if features.kind == FeatureKind.encoder.name {
      let encoder = try TrainedEncoder.load(try parameters.string("features.weights"))
      if let last = encoder.encoder.network.layers.last as? Linear {
        dimension = last.outputFeatures
        trunk = last.inputFeatures
      }
    } else if features.kind == FeatureKind.pixels.name, features.pca == 0 {
      let f = try parameters.int("features.downsample")
      dimension = ((reader.height + f - 1) / f) * ((reader.width + f - 1) / f)
    }
    var parts: [(String, Int)] = [("features", n * dimension * 4 * 3), ("per-glyph state", n * 64)]
    switch adapt.method {
    case .none: break
    case .fineTuneEmbedding:
      parts.append(("trunk outputs", n * trunk * 4))
      if features.cache == .off { parts.append(("images", n * pixels)) }
    case .fineTune:
      parts.append(("images", n * pixels))
    }
    return MemoryEstimate(parts: parts)
  }

  /// Refuses, before any work, a run whose estimate (``memoryEstimate(glyphs:reader:)``)
  /// passes `pipeline.memory_limit_mb` (0: the machine's memory), with both figures.
  func checkMemory(glyphs n: Int) throws {
    let reader = try FeatureBuilder.open(datasetPath, parameters: parameters)
    let estimate = try memoryEstimate(glyphs: n, reader: reader)
    let setting = try parameters.int("pipeline.memory_limit_mb")
    let limit = setting > 0 ? setting << 20 : Int(ProcessInfo.processInfo.physicalMemory)
    guard estimate.total <= limit else {
      throw parameters.error(
        setting > 0 ? "pipeline.memory_limit_mb" : "dataset.limit",
        "\(n) glyphs of \(datasetPath) need about \(MemoryEstimate.size(estimate.total)) "
          + "(\(estimate.breakdown)), more than "
          + (setting > 0
            ? "pipeline.memory_limit_mb (\(MemoryEstimate.size(limit)))"
            : "this machine's memory (\(MemoryEstimate.size(limit)))")
          + "; lower dataset.limit, or run on a machine with more memory")
    }
  }
}
