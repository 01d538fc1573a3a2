import Foundation
import GlyphLabCore
import GlyphLabHDF5

/// An encoder read from its weights file: the network with its trained tensors, the
/// metadata it was written with, and any checkpoint tensors (e.g. optimiser state).
public struct EncoderWeights {
  public let encoder: Encoder
  public let metadata: EncoderMetadata
  /// Tensors from the file's `/checkpoint` group (empty if it has none).
  public let checkpoint: [String: Tensor]
}

/// One HDF5 file per encoder, in the layout of docs/encoder-weights.md (format
/// `glyphlab-encoder`, version 1.0): the architecture as JSON, every parameter and buffer
/// under `/tensors/<name>`, metadata under `/metadata`, optional `/checkpoint` tensors.
public enum EncoderWeightsFile {
  /// The `format` attribute.
  public static let format = "glyphlab-encoder"
  /// The `version` attribute.
  public static let version = "1.0"

  /// Writes `encoder` to `path` atomically (a temporary file beside it, renamed into place;
  /// an existing file is replaced, and on any error `path` is left as it was).
  ///
  /// - Parameters:
  ///   - metadata: string attributes of `/metadata` and string-array datasets under it.
  ///   - checkpoint: extra named tensors under `/checkpoint` (optimiser state for resuming).
  public static func write(
    _ encoder: Encoder, metadata: EncoderMetadata = EncoderMetadata(), checkpoint: [String: Tensor] = [:],
    to path: String
  ) throws {
    let json: String
    do {
      let encoderJSON = JSONEncoder()
      encoderJSON.outputFormatting = [.sortedKeys]
      json = String(decoding: try encoderJSON.encode(encoder.architecture), as: UTF8.self)
    }
    do {
      // The folder is made if missing (a new clone has no Encoders/).
      try FileManager.default.createDirectory(
        atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
      try HDF5File.writeAtomically(to: path) { file in
        try file.setAttribute("format", format)
        try file.setAttribute("version", version)
        try file.setAttribute("architecture", json)
        try file.setAttribute("created_by", "glyphlab \(GlyphLabVersion.current)")
        let tensors = try file.createGroup("tensors")
        for p in encoder.network.stateTensors {
          try writeTensor(p.value, named: p.name, in: tensors)
        }
        try tensors.setAttribute("names", encoder.network.stateTensors.map(\.name))
        let meta = try file.createGroup("metadata")
        for key in metadata.strings.keys.sorted() {
          try meta.setAttribute(key, metadata.strings[key] ?? "")
        }
        for key in metadata.stringArrays.keys.sorted() {
          try meta.createStringDataset(key, values: metadata.stringArrays[key] ?? [])
        }
        if !checkpoint.isEmpty {
          let group = try file.createGroup("checkpoint")
          for name in checkpoint.keys.sorted() {
            if let tensor = checkpoint[name] { try writeTensor(tensor, named: name, in: group) }
          }
        }
      }
    } catch let error as NetworkError {
      throw error
    } catch {
      throw NetworkError.weightsFile(path: path, reason: "cannot write the encoder weights: \(error)")
    }
  }

  private static func writeTensor(_ tensor: Tensor, named name: String, in group: HDF5Group) throws {
    let dataset = try group.createDataset(name, of: Float.self, shape: tensor.shape)
    try dataset.write(tensor.values)
  }

  /// The architecture recorded in the file at `path`, without reading the tensors.
  public static func readArchitecture(_ path: String) throws -> EncoderArchitecture {
    try wrapping(path) { file in try architecture(of: file, path: path) }
  }

  /// Reads the encoder at `path`. Throws ``NetworkError/weightsFile(path:reason:)`` naming
  /// the file for a missing, truncated or foreign file, a missing or mis-shaped tensor, or
  /// (with `expecting`) an architecture other than the expected one.
  public static func read(_ path: String, expecting expected: EncoderArchitecture? = nil) throws -> EncoderWeights {
    try wrapping(path) { file in
      let architecture = try architecture(of: file, path: path)
      if let expected, expected != architecture {
        throw NetworkError.weightsFile(
          path: path, reason: "holds an encoder of architecture \(architecture), not the expected \(expected)")
      }
      let encoder = try architecture.build(seed: 0)
      let tensors = try file.openGroup("tensors")
      var state = [String: Tensor]()
      for p in encoder.network.stateTensors {
        guard tensors.exists(p.name) else {
          throw NetworkError.weightsFile(
            path: path, reason: "tensor /tensors/\(p.name) of \(architecture) is missing")
        }
        let value = try readTensor(tensors, p.name)
        guard value.shape == p.value.shape else {
          throw NetworkError.weightsFile(
            path: path,
            reason: "tensor /tensors/\(p.name) has shape \(value.shape); \(architecture) needs \(p.value.shape)")
        }
        state[p.name] = value
      }
      let known = Set(encoder.network.stateTensors.map(\.name))
      if let extra = try tensors.childNames().first(where: { !known.contains($0) }) {
        throw NetworkError.weightsFile(
          path: path, reason: "tensor /tensors/\(extra) is not part of \(architecture) (another architecture?)")
      }
      try encoder.loadState(state)
      var metadata = EncoderMetadata()
      if file.exists("metadata") {
        let meta = try file.openGroup("metadata")
        for key in try meta.attributeNames() { metadata.strings[key] = try meta.stringAttribute(key) }
        for key in try meta.childNames() { metadata.stringArrays[key] = try meta.openDataset(key).readStrings() }
      }
      var checkpoint = [String: Tensor]()
      if file.exists("checkpoint") {
        let group = try file.openGroup("checkpoint")
        for name in try group.childNames() { checkpoint[name] = try readTensor(group, name) }
      }
      return EncoderWeights(encoder: encoder, metadata: metadata, checkpoint: checkpoint)
    }
  }

  private static func readTensor(_ group: HDF5Group, _ name: String) throws -> Tensor {
    let dataset = try group.openDataset(name)
    try dataset.requireType(Float.self)
    return try Tensor(shape: dataset.shape(), values: dataset.read(as: Float.self))
  }

  private static func architecture(of file: HDF5File, path: String) throws -> EncoderArchitecture {
    guard file.hasAttribute("format"), try file.stringAttribute("format") == format else {
      throw NetworkError.weightsFile(path: path, reason: "is not a GlyphLab encoder file (no format = \(format))")
    }
    let fileVersion = try file.stringAttribute("version")
    guard fileVersion.split(separator: ".").first == version.split(separator: ".").first else {
      throw NetworkError.weightsFile(
        path: path, reason: "has encoder format version \(fileVersion); this GlyphLab reads \(version)")
    }
    let json = try file.stringAttribute("architecture")
    do {
      let architecture = try JSONDecoder().decode(EncoderArchitecture.self, from: Data(json.utf8))
      try architecture.validate()
      return architecture
    } catch {
      throw NetworkError.weightsFile(path: path, reason: "has an unreadable architecture attribute: \(error)")
    }
  }

  /// Opens `path` read-only, runs `body`, and turns any error into one naming the file.
  private static func wrapping<R>(_ path: String, _ body: (HDF5File) throws -> R) throws -> R {
    do {
      let file = try HDF5File(path: path, mode: .readOnly)
      return try body(file)
    } catch let error as NetworkError {
      throw error
    } catch let error as HDF5Error {
      throw NetworkError.weightsFile(
        path: path,
        reason: "cannot read the encoder weights: \(error.detail.isEmpty ? error.description : error.detail)")
    } catch {
      throw NetworkError.weightsFile(path: path, reason: "cannot read the encoder weights: \(error)")
    }
  }
}
