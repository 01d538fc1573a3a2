import Foundation
import GlyphLabCore
import GlyphLabHDF5
import GlyphLabTestSupport
import Testing

@testable import GlyphLabNetworks

@Suite("encoder weights file")
struct EncoderWeightsFileTests {
  static let architecture = EncoderArchitecture.conv4(inputSize: 16, channels: [4, 6, 8, 8], embeddingDimension: 10)

  /// An encoder whose running statistics are not the defaults (one training pass).
  static func trainedEncoder() throws -> Encoder {
    let encoder = try architecture.build(seed: 7)
    var g = SeededGenerator(seed: 8)
    _ = try encoder.forward(GradientCheck.random([3, 1, 16, 16], &g), mode: .training)
    return encoder
  }

  @Test func roundTripsEveryTensorAndTheMetadata() throws {
    let dir = try TestPaths.temporaryDirectory("weights")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("encoder.h5").path
    let encoder = try Self.trainedEncoder()
    let metadata = EncoderMetadata(
      strings: ["seed": "7", "commit": "abc123", "training_spec": "epochs: 1\n"],
      stringArrays: ["training_characters": ["一", "之", "書"], "training_fonts": ["AR PL UKai CN"]])
    try EncoderWeightsFile.write(
      encoder, metadata: metadata, checkpoint: ["step": Tensor(shape: [1], repeating: 3)], to: path)
    let read = try EncoderWeightsFile.read(path, expecting: Self.architecture)
    #expect(read.encoder.architecture == Self.architecture)
    #expect(read.encoder.state == encoder.state)
    #expect(read.metadata == metadata)
    #expect(read.checkpoint["step"]?.values == [3])
    #expect(try EncoderWeightsFile.readArchitecture(path) == Self.architecture)
    // Same weights, same embeddings.
    var g = SeededGenerator(seed: 9)
    let x = GradientCheck.random([2, 1, 16, 16], &g)
    #expect(try read.encoder.forward(x, mode: .inference) == encoder.forward(x, mode: .inference))
    // No temporary file left beside it.
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["encoder.h5"])
  }

  @Test func truncatedFileGetsAnErrorNamingIt() throws {
    let dir = try TestPaths.temporaryDirectory("weights-truncated")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("encoder.h5").path
    try EncoderWeightsFile.write(try Self.trainedEncoder(), to: path)
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
    do {
      _ = try EncoderWeightsFile.read(path)
      Issue.record("a truncated file was read")
    } catch let error as NetworkError {
      #expect(error.description.contains(path))
    }
  }

  @Test func anotherArchitectureGetsAnErrorNamingIt() throws {
    let dir = try TestPaths.temporaryDirectory("weights-arch")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("encoder.h5").path
    try EncoderWeightsFile.write(try Self.trainedEncoder(), to: path)
    let other = EncoderArchitecture.conv4(inputSize: 16, channels: [4, 6, 8, 16], embeddingDimension: 10)
    #expect {
      _ = try EncoderWeightsFile.read(path, expecting: other)
    } throws: { error in
      (error as? NetworkError)?.description.contains(path) == true
        && (error as? NetworkError)?.description.contains("architecture") == true
    }
    // A file whose tensors belong to another architecture than its attribute says.
    try HDF5File.updateAtomically(at: path) { file in
      try file.setAttribute("architecture", String(decoding: try JSONEncoder().encode(other), as: UTF8.self))
    }
    #expect {
      _ = try EncoderWeightsFile.read(path)
    } throws: { error in
      let text = (error as? NetworkError)?.description ?? ""
      return text.contains(path) && text.contains("12.weight")
    }
  }

  @Test func notAnEncoderFileAndMissingFile() throws {
    let dir = try TestPaths.temporaryDirectory("weights-foreign")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("other.h5").path
    try HDF5File.writeAtomically(to: path) { file in try file.setAttribute("format", "something-else") }
    #expect {
      _ = try EncoderWeightsFile.read(path)
    } throws: { ($0 as? NetworkError)?.description.contains(path) == true }
    let missing = dir.appendingPathComponent("missing.h5").path
    #expect {
      _ = try EncoderWeightsFile.read(missing)
    } throws: { ($0 as? NetworkError)?.description.contains(missing) == true }
  }

  @Test func failedWriteLeavesTheOldFile() throws {
    let dir = try TestPaths.temporaryDirectory("weights-atomic")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("encoder.h5").path
    let encoder = try Self.trainedEncoder()
    try EncoderWeightsFile.write(encoder, to: path)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    // A metadata key that clashes with a string-array name makes HDF5 fail mid-write.
    let bad = EncoderMetadata(strings: [:], stringArrays: ["a": ["x"], "a/b": ["y"]])
    #expect(throws: NetworkError.self) { try EncoderWeightsFile.write(encoder, metadata: bad, to: path) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["encoder.h5"])
  }

  /// The first of Debian's python3 and the PATH's that imports h5py.
  static let python: URL? = {
    for (executable, prefix) in [("/usr/bin/python3", [String]()), ("/usr/bin/env", ["python3"])] {
      let url = URL(fileURLWithPath: executable)
      if let output = try? ProcessRunner.run(url, prefix + ["-c", "import h5py"]), output.status == 0 {
        return executable == "/usr/bin/env" ? nil : url
      }
    }
    return nil
  }()

  @Test(.enabled(if: python != nil, "h5py is not importable: install python3-h5py (make setup does)"))
  func h5pyReadsTheFile() throws {
    let dir = try TestPaths.temporaryDirectory("weights-h5py")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("encoder.h5").path
    let encoder = try Self.trainedEncoder()
    try EncoderWeightsFile.write(
      encoder, metadata: EncoderMetadata(strings: ["seed": "7"], stringArrays: ["training_fonts": ["A", "B"]]),
      to: path)
    let script = """
      import h5py, json, sys
      f = h5py.File(sys.argv[1], "r")
      arch = json.loads(f.attrs["architecture"])
      t = f["tensors"]
      print(json.dumps({"format": f.attrs["format"], "version": f.attrs["version"], "family": arch["family"],
        "names": sorted(t.keys()), "w": t["0.weight"][()].ravel().tolist(), "wshape": list(t["0.weight"].shape),
        "rv": t["1.running_var"][()].tolist(), "seed": f["metadata"].attrs["seed"],
        "fonts": [s.decode() if isinstance(s, bytes) else s for s in f["metadata/training_fonts"][()]]}))
      """
    let output = try ProcessRunner.run(try #require(Self.python), ["-c", script, path])
    #expect(output.status == 0, "\(output.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any] ?? [:]
    #expect(object["format"] as? String == "glyphlab-encoder")
    #expect(object["version"] as? String == "1.0")
    #expect(object["family"] as? String == "conv4")
    #expect((object["names"] as? [String]) == encoder.network.stateTensors.map(\.name).sorted())
    #expect((object["wshape"] as? [Int]) == [4, 1, 3, 3])
    let w = (object["w"] as? [Double] ?? []).map { Float($0) }
    #expect(w == encoder.state["0.weight"]?.values)
    let rv = (object["rv"] as? [Double] ?? []).map { Float($0) }
    #expect(rv == encoder.state["1.running_var"]?.values)
    #expect(object["seed"] as? String == "7")
    #expect((object["fonts"] as? [String]) == ["A", "B"])
  }
}
