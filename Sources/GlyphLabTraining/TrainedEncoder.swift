import GlyphLabCore
import GlyphLabNetworks

/// An encoder read from its weights file with what the file records about its training.
public struct TrainedEncoder {
  /// The file.
  public let path: String
  /// The network.
  public let encoder: Encoder
  /// The file's metadata (``EncoderRecord`` names the keys GlyphLab writes).
  public let metadata: EncoderMetadata
  /// The training characters and fonts, or `nil` if the file does not record them (then no
  /// protocol check can pass).
  public let contents: TrainingContents?
  /// The stored glyph size the encoder takes (its inputs are resized from it to the network
  /// input by area averaging): the recorded `image_size`, else the network input size.
  public let imageHeight: Int
  public let imageWidth: Int

  /// Reads the encoder at `path`; throws ``EncoderError/weightsFile(path:reason:)`` naming the
  /// file if it is missing, truncated, not an encoder, of another architecture than
  /// `expecting`, or records an unreadable image size.
  public static func load(_ path: String, expecting: EncoderArchitecture? = nil) throws -> TrainedEncoder {
    let weights: EncoderWeights
    do {
      weights = try EncoderWeightsFile.read(path, expecting: expecting)
    } catch NetworkError.weightsFile(let file, let reason) {
      throw EncoderError.weightsFile(path: file, reason: reason)
    } catch {
      throw EncoderError.weightsFile(path: path, reason: "cannot read the encoder: \(error)")
    }
    let architecture = weights.encoder.architecture
    var (height, width) = (architecture.inputHeight, architecture.inputWidth)
    if let size = weights.metadata[EncoderRecord.imageSize] {
      let parts = size.split(separator: "x").compactMap { Int($0) }
      guard parts.count == 2, parts[0] > 0, parts[1] > 0 else {
        throw EncoderError.weightsFile(path: path, reason: "records image_size '\(size)', not WIDTHxHEIGHT")
      }
      (width, height) = (parts[0], parts[1])
    }
    var contents: TrainingContents?
    if let characters = weights.metadata.stringArrays[EncoderRecord.characters],
      let fonts = weights.metadata.stringArrays[EncoderRecord.fonts]
    {
      contents = TrainingContents(characters: characters, fonts: fonts)
    }
    return TrainedEncoder(
      path: path, encoder: weights.encoder, metadata: weights.metadata, contents: contents, imageHeight: height,
      imageWidth: width)
  }

  /// Checks that the encoder may be evaluated on a dataset with `dataset` contents under
  /// `protocol` (``EncoderProtocol/check(encoder:encoderPath:dataset:datasetPath:)``); an
  /// encoder that records no training contents is refused.
  public func check(_ proto: EncoderProtocol, dataset: TrainingContents, datasetPath: String) throws {
    guard let contents else {
      throw EncoderError.protocolOverlap(
        encoder: path, dataset: datasetPath, protocol: proto,
        overlap: "data it does not record (no \(EncoderRecord.characters)/\(EncoderRecord.fonts) metadata), "
          + "so no overlap can be ruled out")
    }
    try proto.check(encoder: contents, encoderPath: path, dataset: dataset, datasetPath: datasetPath)
  }

  /// The same architecture with fresh weights from `seed` (``EncoderArchitecture/build(seed:)``)
  /// and an empty training record: a network that has seen nothing, for the no-pretraining
  /// ablation. Every protocol check passes for it, since it was trained on no data.
  public func reinitialised(seed: UInt64) throws -> TrainedEncoder {
    TrainedEncoder(
      path: path, encoder: try encoder.architecture.build(seed: seed), metadata: metadata,
      contents: TrainingContents(characters: [], fonts: []), imageHeight: imageHeight, imageWidth: imageWidth)
  }

  /// The encoder at `path` as `initialization` asks: its trained weights, or fresh ones from
  /// `seed`.
  public static func load(
    _ path: String, initialization: EncoderInitialization, seed: UInt64
  ) throws
    -> TrainedEncoder
  {
    let trained = try load(path)
    return initialization == .random ? try trained.reinitialised(seed: seed) : trained
  }

  /// Throws ``EncoderError/inputSize(encoder:encoderHeight:encoderWidth:dataset:height:width:)``
  /// unless images of `height × width` (from `source`) are the size the encoder takes.
  public func checkImageSize(height: Int, width: Int, source: String) throws {
    guard height == imageHeight, width == imageWidth else {
      throw EncoderError.inputSize(
        encoder: path, encoderHeight: imageHeight, encoderWidth: imageWidth, dataset: source, height: height,
        width: width)
    }
  }
}
