import Foundation
import GlyphLabDatasets
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

@Suite("input fingerprints in the run log")
struct InputFingerprintTests {
  /// Rewrites the dataset at `path` with the same images and classes and its labels
  /// permuted (a fixed rotation by one, so every label moves).
  static func shuffleLabels(_ path: String) throws {
    let reader = try GlyphDatasetReader(path: path)
    let images = try reader.allImages()
    let labels = try reader.labels()
    let classes = try reader.classes()
    let metadata = DatasetMetadata(name: "runner-fixture", source: "GlyphLab tests", license: "CC0-1.0")
    let writer = try GlyphDatasetWriter(path: path, metadata: metadata, height: images.height, width: images.width)
    try writer.append(images: images.pixels, labels: Array(labels.dropFirst()) + [labels[0]])
    try writer.setClasses(classes)
    try writer.finish()
  }

  /// Rewrites the dataset at `path` with exactly the same content (a new file and mtime).
  static func rewriteUnchanged(_ path: String) throws {
    let reader = try GlyphDatasetReader(path: path)
    let images = try reader.allImages()
    let metadata = DatasetMetadata(name: "runner-fixture", source: "GlyphLab tests", license: "CC0-1.0")
    let writer = try GlyphDatasetWriter(path: path, metadata: metadata, height: images.height, width: images.width)
    try writer.append(images: images.pixels, labels: try reader.labels())
    try writer.setClasses(try reader.classes())
    try writer.finish()
  }

  @Test func theLogRecordsEachInputFilesIdentity() throws {
    let setup = try ExperimentRunnerTests.Setup("fingerprint")
    let spec = try setup.spec(["seeds=[1]", "sweep.features.downsample=[1]"])
    #expect(spec.inputFiles == [setup.dataset])
    _ = try ExperimentRunner(spec: spec).run()
    let inputs = try RunLogReader(path: setup.logPath).header.inputs
    let input = try #require(inputs.first)
    #expect(inputs.count == 1)
    #expect(input.path == setup.dataset)
    let size = try FileManager.default.attributesOfItem(atPath: setup.dataset)[.size] as? NSNumber
    #expect(input.size == size?.intValue)
    #expect(input.datasets == ["/classes", "/images", "/labels"])
    #expect(input.sha256.count == 64)
    // The same content in a new file has the same hash; shuffled labels do not.
    try Self.rewriteUnchanged(setup.dataset)
    #expect(try InputFingerprint.compute(path: setup.dataset).sha256 == input.sha256)
    try Self.shuffleLabels(setup.dataset)
    #expect(try InputFingerprint.compute(path: setup.dataset).sha256 != input.sha256)
  }

  @Test func aFileThatIsNotHDF5IsHashedWholeAsSha256sumDoes() throws {
    let directory = try TestPaths.temporaryDirectory("fingerprint-file")
    let path = directory.appendingPathComponent("weights.bin").path
    // 200,003 bytes: many 64-byte blocks, fed in 4 MiB reads, and a partial last block.
    let bytes = (0..<200_003).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ ($0 >> 7)) }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let fingerprint = try InputFingerprint.compute(path: path)
    #expect(fingerprint.datasets.isEmpty)
    #expect(fingerprint.size == 200_003)
    let sha256sum = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [path])
    #expect(sha256sum.stdout.hasPrefix(fingerprint.sha256 + " "))
    // Fed in uneven pieces, the hasher agrees with the one-shot digest.
    var hasher = SHA256Hasher()
    var start = 0
    for piece in [1, 63, 64, 65, 1000, 7] {
      bytes[start..<(start + piece)].withUnsafeBytes { hasher.update($0) }
      start += piece
    }
    let digest = SHA256.digest(bytes[0..<start]).map { String(format: "%02x", $0) }.joined()
    #expect(hasher.finalizeHex() == digest)
    var abc = SHA256Hasher()
    abc.update("abc")
    #expect(abc.finalizeHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test func resumeAfterTheLabelsWereShuffledIsRefused() throws {
    let setup = try ExperimentRunnerTests.Setup("fingerprint-resume")
    let spec = try setup.spec(["seeds=[1, 2]", "sweep.features.downsample=[1]"])
    var first = RunnerOptions()
    first.shard = try RunShard(index: 0, count: 2)
    first.logPath = setup.logPath
    _ = try ExperimentRunner(spec: spec, options: first).run()

    // The same content rewritten (new mtime): resume is fine.
    try Self.rewriteUnchanged(setup.dataset)
    var resume = first
    resume.resume = true
    _ = try ExperimentRunner(spec: spec, options: resume).run()

    let before = try #require(FileManager.default.contents(atPath: setup.logPath))
    try Self.shuffleLabels(setup.dataset)
    let error = #expect(throws: RunLogError.self) { try ExperimentRunner(spec: spec, options: resume).run() }
    #expect(error?.path == setup.dataset)
    #expect(error?.message.contains("changed since the log \(setup.logPath) was created") == true)
    #expect(error?.message.contains("content hash") == true)
    #expect(error?.message.contains("--allow-changed-inputs") == true)
    #expect(FileManager.default.contents(atPath: setup.logPath) == before)

    // --allow-changed-inputs resumes, with a warning.
    resume.allowChangedInputs = true
    var warnings: [String] = []
    _ = try ExperimentRunner(spec: spec, options: resume).run { event in
      if case .warning(let text) = event { warnings.append(text) }
    }
    #expect(warnings.contains { $0.hasPrefix("\(setup.dataset) changed since the log was created") })
  }

  @Test func mergeRefusesShardsMadeOnDifferentData() throws {
    let setup = try ExperimentRunnerTests.Setup("fingerprint-merge")
    let spec = try setup.spec(["seeds=[1, 2]", "sweep.features.downsample=[1]"])
    var logs: [String] = []
    for index in 0..<2 {
      if index == 1 { try Self.shuffleLabels(setup.dataset) }
      var options = RunnerOptions()
      options.shard = try RunShard(index: index, count: 2)
      let runner = try ExperimentRunner(spec: spec, options: options)
      _ = try runner.run()
      logs.append(runner.logPath)
    }
    let out = setup.directory.appendingPathComponent("merged.h5").path
    let error = #expect(throws: RunLogError.self) { try RunLogMerger.merge(inputs: logs, into: out) }
    #expect(error?.path == setup.dataset)
    #expect(error?.message.contains("differs between the logs \(logs[0]) and \(logs[1])") == true)
    #expect(!FileManager.default.fileExists(atPath: out))
    let summary = try RunLogMerger.merge(inputs: logs, into: out, allowChangedInputs: true)
    #expect(summary.complete == spec.runs.count)
  }
}
