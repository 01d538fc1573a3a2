import Foundation
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

/// Every command that writes HDF5, run in a child process under a file-size limit
/// (`ulimit -f`): it must end with an error naming the file and exit status 1 — never a
/// signal (HDF5's exit handler used to segfault on the file whose close had failed) — and
/// leave the file it would have replaced byte for byte as it was.
@Suite("write failures under a file-size limit")
struct WriteFailureTests {
  /// Runs `glyphlab arguments` in `directory` under `ulimit -f kibibytes`.
  static func limited(_ arguments: [String], kibibytes: Int, in directory: URL) throws -> ProcessOutput {
    let glyphlab = try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
    return try ProcessRunner.run(
      URL(fileURLWithPath: "/bin/bash"),
      ["-c", "cd \"$1\" && shift && ulimit -f \(kibibytes) && exec \"$@\"", "bash", directory.path, glyphlab.path]
        + arguments)
  }

  /// Checks one limited run: a clean failure (or success, when the limit was enough), never a
  /// signal, and `protected` unchanged when it failed.
  static func expectCleanOutcome(
    _ output: ProcessOutput, naming name: String, protected: String?, original: Data?,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    // bash reports a child killed by signal N as 128 + N (139 = SIGSEGV, 153 = SIGXFSZ).
    #expect(
      output.status == 0 || output.status == 1, "exit \(output.status): \(output.stderr)",
      sourceLocation: sourceLocation)
    if output.status != 0 {
      #expect(output.stderr.contains(name), "\(output.stderr)", sourceLocation: sourceLocation)
      #expect(!output.stderr.contains("crashed"), "\(output.stderr)", sourceLocation: sourceLocation)
    }
    if let protected, let original {
      #expect(FileManager.default.contents(atPath: protected) == original, sourceLocation: sourceLocation)
    }
  }

  /// Writes uncompressed IDX files of `count` noisy 28×28 images (incompressible, so the
  /// dataset is about as large as the pixels) and their labels.
  static func writeIDX(count: Int, in directory: URL) throws -> (images: String, labels: String) {
    var generator = UInt64(12345)
    func next() -> UInt8 {
      generator = generator &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: generator >> 33)
    }
    func bigEndian(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
    var images: [UInt8] = [0, 0, 8, 3] + bigEndian(count) + bigEndian(28) + bigEndian(28)
    for _ in 0..<(count * 28 * 28) { images.append(next()) }
    let labels: [UInt8] = [0, 0, 8, 1] + bigEndian(count) + (0..<count).map { UInt8($0 % 10) }
    let imagesPath = directory.appendingPathComponent("images-idx3-ubyte").path
    let labelsPath = directory.appendingPathComponent("labels-idx1-ubyte").path
    try Data(images).write(to: URL(fileURLWithPath: imagesPath))
    try Data(labels).write(to: URL(fileURLWithPath: labelsPath))
    return (imagesPath, labelsPath)
  }

  @Test func datasetsImportIDXFailsCleanlyAndKeepsTheOldDataset() throws {
    let directory = try TestPaths.temporaryDirectory("efbig-idx")
    let (images, labels) = try Self.writeIDX(count: 600, in: directory)
    let out = directory.appendingPathComponent("digits.h5").path
    let first = try Self.limited(
      ["datasets", "import", "idx", images, labels, "-o", out], kibibytes: 1 << 20, in: directory)
    try #require(first.status == 0, "\(first.stderr)")
    let original = FileManager.default.contents(atPath: out)
    for limit in [16, 100, 300] {
      let output = try Self.limited(
        ["datasets", "import", "idx", images, labels, "-o", out, "--force", "--chunk-images", "64"],
        kibibytes: limit, in: directory)
      #expect(output.status == 1, "limit \(limit) KiB: exit \(output.status)")
      Self.expectCleanOutcome(output, naming: "digits.h5", protected: out, original: original)
      #expect(output.stderr.contains("File too large"), "\(output.stderr)")
    }
    // No temporary file is left behind.
    let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }
    #expect(left.isEmpty, "\(left)")
  }

  /// A float32 `.npy` file of `rows × columns` values (format 1.0, C order).
  static func writeNPY(rows: Int, columns: Int, to path: String) throws {
    var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
    bytes += [UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)] + Array(header.utf8)
    for i in 0..<(rows * columns) {
      withUnsafeBytes(of: Float(i % 97) / 97) { bytes += $0 }
    }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
  }

  @Test func datasetsImportFeaturesFailsCleanlyAndKeepsTheDataset() throws {
    let directory = try TestPaths.temporaryDirectory("efbig-features")
    let (images, labels) = try Self.writeIDX(count: 600, in: directory)
    let dataset = directory.appendingPathComponent("digits.h5").path
    let imported = try Self.limited(
      ["datasets", "import", "idx", images, labels, "-o", dataset], kibibytes: 1 << 20, in: directory)
    try #require(imported.status == 0, "\(imported.stderr)")
    let npy = directory.appendingPathComponent("embedding.npy").path
    try Self.writeNPY(rows: 600, columns: 128, to: npy)
    let original = try #require(FileManager.default.contents(atPath: dataset))
    // The copy of the dataset fits; the 300 KiB of features added to it do not.
    let output = try Self.limited(
      ["datasets", "import", "features", dataset, npy, "--name", "emb"], kibibytes: original.count / 1024 + 100,
      in: directory)
    #expect(output.status == 1)
    Self.expectCleanOutcome(output, naming: "digits.h5", protected: dataset, original: original)
  }

  @Test func datasetsBuildFailsCleanly() throws {
    let directory = try TestPaths.temporaryDirectory("efbig-build")
    let out = directory.appendingPathComponent("corpus.h5").path
    let recipe = TestPaths.repository.appendingPathComponent("Datasets/ancient-glyphs.yaml").path
    let output = try Self.limited(
      ["datasets", "build", "ancient-glyphs", "--recipe", recipe, "--glyphs", "100", "--pages", "1", "--out", out],
      kibibytes: 24, in: directory)
    #expect(output.status == 1)
    Self.expectCleanOutcome(output, naming: "corpus.h5", protected: nil, original: nil)
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test func runAndMergeFailCleanlyAndKeepTheOldLog() throws {
    let directory = try TestPaths.temporaryDirectory("efbig-run")
    let dataset = try RunnerFixtures.writeDataset(at: directory.appendingPathComponent("glyphs.h5").path)
    let log = directory.appendingPathComponent("fixture.h5").path
    let spec = try RunnerFixtures.write(RunnerFixtures.spec(dataset: dataset, log: log), to: "spec.yaml", in: directory)
    let first = try Self.limited(["run", spec, "--jobs", "1"], kibibytes: 1 << 20, in: directory)
    try #require(first.status == 0, "\(first.stderr)")
    // --overwrite replaces the log with a new, empty one before the first run, so under a
    // limit it fails with either the old log or a readable empty one, never a broken file.
    for limit in [4, 40] {
      let output = try Self.limited(["run", spec, "--jobs", "1", "--overwrite"], kibibytes: limit, in: directory)
      #expect(output.status == 1)
      Self.expectCleanOutcome(output, naming: "fixture.h5", protected: nil, original: nil)
      #expect(throws: Never.self) { try RunLogReader(path: log).entries() }
    }
    // --resume changes the log through a copy renamed over it: when its first commit fails,
    // the log stays byte for byte as it was; with more room, the commits that fit are kept
    // and the log stays readable.
    let original = try #require(FileManager.default.contents(atPath: log))
    let resumed = try Self.limited(
      ["run", spec, "--jobs", "1", "--resume"], kibibytes: original.count / 1024 + 2, in: directory)
    #expect(resumed.status == 1)
    Self.expectCleanOutcome(resumed, naming: "fixture.h5", protected: log, original: original)
    let roomier = try Self.limited(
      ["run", spec, "--jobs", "1", "--resume"], kibibytes: original.count / 1024 + 60, in: directory)
    #expect(roomier.status == 1)
    Self.expectCleanOutcome(roomier, naming: "fixture.h5", protected: nil, original: nil)
    #expect(throws: Never.self) { try RunLogReader(path: log).entries() }
    let beforeMerge = try #require(FileManager.default.contents(atPath: log))

    // A fresh log under a limit: fails cleanly and leaves neither log nor partial copy.
    let fresh = directory.appendingPathComponent("fresh.h5").path
    let output = try Self.limited(["run", spec, "--jobs", "1", "--log", fresh], kibibytes: 8, in: directory)
    #expect(output.status == 1)
    Self.expectCleanOutcome(output, naming: "fresh.h5", protected: nil, original: nil)
    #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(".fresh.h5.partial").path))

    // merge writes a new log; under the limit it fails the same way.
    let merged = directory.appendingPathComponent("merged.h5").path
    let merge = try Self.limited(["merge", merged, log], kibibytes: 8, in: directory)
    #expect(merge.status == 1)
    Self.expectCleanOutcome(merge, naming: "merged.h5", protected: log, original: beforeMerge)
    #expect(!FileManager.default.fileExists(atPath: merged))
  }
}
