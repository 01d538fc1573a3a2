import Foundation
import GlyphLabFiles
import GlyphLabHDF5
import GlyphLabTestSupport
import Testing

/// One command that writes a file, as the output-rule tests drive it.
struct WritingCommand: Sendable, CustomTestStringConvertible {
  /// Shown in test results.
  let name: String
  /// The output's file name in the test's directory.
  let fileName: String
  /// The command line writing `output`.
  let arguments: @Sendable (OutputFixture, _ output: String) -> [String]
  /// One of its inputs (nil: it reads none).
  let input: @Sendable (OutputFixture) -> String?
  /// A file of another kind than its output.
  let otherKind: @Sendable (OutputFixture) -> String
  /// Puts an earlier output of its own at `output` (default: runs the command once).
  var makeExisting: (@Sendable (OutputFixture, _ output: String) throws -> Void)?

  var testDescription: String { name }

  /// Every command that writes a file, with its inputs.
  static let all: [WritingCommand] = [
    WritingCommand(
      name: "run (run log)", fileName: "log.h5", arguments: { ["run", $0.spec, "--jobs", "1", "--out", $1] },
      input: { $0.dataset }, otherKind: { $0.dataset }),
    WritingCommand(
      name: "merge", fileName: "merged.h5", arguments: { ["merge", "--out", $1, $0.log] }, input: { $0.log },
      otherKind: { $0.dataset }),
    WritingCommand(
      name: "report (Markdown and SVG charts)", fileName: "report.md", arguments: { ["report", $0.log, "--out", $1] },
      input: { $0.log }, otherKind: { $0.dataset }),
    WritingCommand(
      name: "datasets build", fileName: "built.h5",
      arguments: {
        ["datasets", "build", "ancient-glyphs", "--recipe", $0.recipe, "--glyphs", "8", "--pages", "0", "--out", $1]
      }, input: { $0.recipe }, otherKind: { $0.log }),
    WritingCommand(
      name: "datasets import idx", fileName: "idx.h5",
      arguments: { ["datasets", "import", "idx", $0.idxImages, $0.idxLabels, "-o", $1] }, input: { $0.idxLabels },
      otherKind: { $0.log }),
    WritingCommand(
      name: "datasets import folder", fileName: "folder.h5",
      arguments: { ["datasets", "import", "folder", $0.folder, "-o", $1] }, input: { $0.folder },
      otherKind: { $0.log }),
    WritingCommand(
      name: "datasets import features", fileName: "with-features.h5",
      arguments: { ["datasets", "import", "features", $1, $0.embedding, "--name", "emb"] },
      input: { $0.embedding }, otherKind: { $0.log },
      makeExisting: { fixture, output in
        try FileManager.default.copyItem(atPath: fixture.dataset, toPath: output)
        try OutputFixture.succeed(["datasets", "import", "features", output, fixture.embedding, "--name", "emb"])
      }),
    WritingCommand(
      name: "datasets inspect (contact sheet)", fileName: "sheet.png",
      arguments: { ["datasets", "inspect", $0.dataset, "--out", $1] }, input: { $0.dataset },
      otherKind: { $0.dataset }),
    WritingCommand(
      name: "detect (boxes, HDF5)", fileName: "boxes.h5", arguments: { ["detect", $0.dataset, "--out", $1] },
      input: { $0.dataset }, otherKind: { $0.dataset }),
    WritingCommand(
      name: "detect (boxes, JSON)", fileName: "boxes.json", arguments: { ["detect", $0.dataset, "--out", $1] },
      input: { $0.dataset }, otherKind: { $0.dataset }),
    WritingCommand(
      name: "detect (overlay)", fileName: "overlay.png", arguments: { ["detect", $0.dataset, "--overlay", $1] },
      input: { $0.dataset }, otherKind: { $0.dataset }),
    WritingCommand(
      name: "bench make-data", fileName: "points.h5",
      arguments: { _, output in ["bench", "make-data", "--out", output, "--rows", "20", "--dim", "2"] },
      input: { _ in nil }, otherKind: { $0.dataset }),
  ]
}

/// Issue 17: no command destroys a file it did not make.
@Suite("Output rule for every command that writes", .enabled(if: outputCorpusInstalled))
struct OutputRuleTests {
  static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

  static func inode(_ path: String) throws -> UInt64 {
    try #require((FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber)?.uint64Value)
  }

  /// Runs glyphlab; requires failure with `expected` in the message.
  static func refuse(_ arguments: [String], saying expected: [String]) throws {
    let output = try ProcessRunner.run(try OutputFixture.glyphlab(), arguments)
    #expect(output.status != 0, "glyphlab \(arguments.joined(separator: " ")) should have been refused")
    for text in expected {
      #expect(output.stderr.contains(text), "\(output.stderr) should contain \(text)")
    }
  }

  @Test(arguments: WritingCommand.all)
  func refusesExistingInputsAndOtherKindsAndReplacesAtomically(command: WritingCommand) throws {
    let fixture = try OutputFixture.shared.get()
    let directory = try TestPaths.temporaryDirectory("outputs")
    defer { try? FileManager.default.removeItem(at: directory) }
    let output = directory.appendingPathComponent(command.fileName).path

    // 1. An earlier output of its own is refused without --overwrite, byte for byte intact.
    if let makeExisting = command.makeExisting {
      try makeExisting(fixture, output)
    } else {
      try OutputFixture.succeed(command.arguments(fixture, output))
    }
    let before = try Self.bytes(output)
    let inode = try Self.inode(output)
    let refusal = command.makeExisting == nil ? ["\(output) exists and holds", "--overwrite"] : ["emb", "--overwrite"]
    try Self.refuse(command.arguments(fixture, output), saying: refusal)
    #expect(try Self.bytes(output) == before)
    #expect(try Self.inode(output) == inode)

    // 2. With --overwrite it is replaced by a rename, never rewritten in place: a reader that
    //    opened the old file still reads all of it, the path names a new inode, and no
    //    temporary file is left.
    let entries = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    let reader = try #require(FileHandle(forReadingAtPath: output))
    defer { try? reader.close() }
    try OutputFixture.succeed(command.arguments(fixture, output) + ["--overwrite"])
    #expect(try reader.readToEnd() == before)
    #expect(try Self.inode(output) != inode)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == entries)

    // 3. An input is never the output, directly or through a link, even with --overwrite.
    if let input = command.input(fixture) {
      let link = directory.appendingPathComponent("link-to-input." + (command.fileName as NSString).pathExtension).path
      try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: input)
      let original = input == fixture.folder ? Data() : try Self.bytes(input)
      for path in [input, link] {
        try Self.refuse(
          command.arguments(fixture, path) + ["--overwrite", "--replace-other-kind"],
          saying: ["is an input of this command", "even with --overwrite"])
        if input != fixture.folder { #expect(try Self.bytes(input) == original) }
      }
      #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == input)
    }

    // 4. A file of another kind is refused even with --overwrite.
    let other = directory.appendingPathComponent("other-" + command.fileName).path
    try FileManager.default.copyItem(atPath: command.otherKind(fixture), toPath: other)
    let otherBytes = try Self.bytes(other)
    try Self.refuse(
      command.arguments(fixture, other) + ["--overwrite"],
      saying: ["\(other) holds HDF5 with format", "not replaced even with --overwrite", "--replace-other-kind"])
    #expect(try Self.bytes(other) == otherBytes)
  }

  /// The four cases issue 17 found, each of which used to destroy a file.
  @Test func theFourCasesOfIssue17LeaveTheirFilesIntact() throws {
    let fixture = try OutputFixture.shared.get()
    let directory = try TestPaths.temporaryDirectory("issue17")
    defer { try? FileManager.default.removeItem(at: directory) }
    let dataset = directory.appendingPathComponent("ds.h5").path
    let log = directory.appendingPathComponent("log.h5").path
    try FileManager.default.copyItem(atPath: fixture.dataset, toPath: dataset)
    try FileManager.default.copyItem(atPath: fixture.log, toPath: log)
    let datasetBytes = try Self.bytes(dataset)
    let logBytes = try Self.bytes(log)

    // `run` whose log is its own dataset, even with --overwrite; --dry-run says so too.
    let spec = directory.appendingPathComponent("spec.yaml").path
    try """
    experiment: same
    kind: clustering
    parameters:
      dataset: {path: \(dataset)}
      clustering: {clusters: 2}
    log: \(dataset)
    """.write(toFile: spec, atomically: true, encoding: .utf8)
    try Self.refuse(["run", spec, "--overwrite"], saying: ["\(dataset) is an input of this command"])
    let dry = try ProcessRunner.run(try OutputFixture.glyphlab(), ["run", spec, "--dry-run", "--overwrite"])
    #expect(dry.status != 0)
    #expect(
      dry.stderr.contains("conflict: \(dataset) is an input of this command and would also be written as its run log"))
    // `datasets build --out LOG` over a run log.
    try Self.refuse(
      ["datasets", "build", "ancient-glyphs", "--recipe", fixture.recipe, "--glyphs", "8", "--out", log],
      saying: [
        "\(log) holds HDF5 with format \"glyphlab-run-log\", but the dataset is HDF5 with format \"glyphlab-dataset\""
      ])
    try Self.refuse(
      [
        "datasets", "build", "ancient-glyphs", "--recipe", fixture.recipe, "--glyphs", "8", "--out", log, "--overwrite",
      ],
      saying: ["not replaced even with --overwrite"])
    // `detect PAGES --out DATASET` and `report LOG --out DATASET`.
    try Self.refuse(
      ["detect", fixture.dataset, "--out", dataset], saying: ["\(dataset) holds HDF5 with format \"glyphlab-dataset\""])
    try Self.refuse(
      ["report", log, "--out", dataset, "--overwrite"],
      saying: ["\(dataset) holds HDF5 with format \"glyphlab-dataset\", but the report is Markdown"])
    #expect(try Self.bytes(dataset) == datasetBytes)
    #expect(try Self.bytes(log) == logBytes)

    // --replace-other-kind is the one way to replace a file of another kind.
    try OutputFixture.succeed(["report", log, "--out", dataset, "--replace-other-kind"])
    #expect(FileContent(at: dataset) == .text)
  }

  /// `report LOG` writes beside the log, named after the log file, and never replaces a
  /// report without --overwrite.
  @Test func reportDefaultsToTheLogsNameBesideIt() throws {
    let fixture = try OutputFixture.shared.get()
    let directory = try TestPaths.temporaryDirectory("report-default")
    defer { try? FileManager.default.removeItem(at: directory) }
    let log = directory.appendingPathComponent("small.h5").path
    try FileManager.default.copyItem(atPath: fixture.log, toPath: log)
    let written = try OutputFixture.succeed(["report", log])
    let report = directory.appendingPathComponent("small.md").path
    #expect(written.stdout.split(separator: "\n").first.map(String.init) == report)
    #expect(FileContent(at: report) == .text)
    try Self.refuse(["report", log], saying: ["\(report) exists and holds text, not HDF5; pass --overwrite"])
  }

  /// `datasets import features` on a linked dataset replaces the file the link points at and
  /// keeps the link; the old spellings still work with a deprecation note.
  @Test func featuresGoToALinkedDatasetsRealFile() throws {
    let fixture = try OutputFixture.shared.get()
    let directory = try TestPaths.temporaryDirectory("features-link")
    defer { try? FileManager.default.removeItem(at: directory) }
    let real = directory.appendingPathComponent("real.h5").path
    let link = directory.appendingPathComponent("link.h5").path
    try FileManager.default.copyItem(atPath: fixture.dataset, toPath: real)
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.h5")
    try OutputFixture.succeed(["datasets", "import", "features", link, fixture.embedding, "--name", "emb"])
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.h5")
    let file = try HDF5File(path: real, mode: .readOnly)
    #expect(file.exists("features/emb"))
    try file.close()
    let again = try ProcessRunner.run(
      try OutputFixture.glyphlab(),
      ["datasets", "import", "features", link, fixture.embedding, "--name", "emb", "--replace"])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stderr.contains("warning: --replace is deprecated"))
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.h5")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["link.h5", "real.h5"])
  }
}

/// The old spellings work for a release, each with a deprecation note.
@Suite("Deprecated output spellings", .enabled(if: outputCorpusInstalled))
struct DeprecatedSpellingTests {
  @Test func oldFlagsStillWorkAndSaySo() throws {
    let fixture = try OutputFixture.shared.get()
    let directory = try TestPaths.temporaryDirectory("deprecated")
    defer { try? FileManager.default.removeItem(at: directory) }
    let glyphlab = try OutputFixture.glyphlab()
    let dataset = directory.appendingPathComponent("idx.h5").path
    let imported = try ProcessRunner.run(
      glyphlab, ["datasets", "import", "idx", fixture.idxImages, fixture.idxLabels, "--output", dataset])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stderr.contains("warning: --output is deprecated"))
    let forced = try ProcessRunner.run(
      glyphlab, ["datasets", "import", "idx", fixture.idxImages, fixture.idxLabels, "-o", dataset, "--force"])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(forced.stderr.contains("warning: --force is deprecated"))

    let log = directory.appendingPathComponent("log.h5").path
    let run = try ProcessRunner.run(glyphlab, ["run", fixture.spec, "--jobs", "1", "--threads", "1", "--log", log])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("warning: --log is deprecated"))
    #expect(run.stderr.contains("with 1 BLAS thread(s) each"))
    let merged = directory.appendingPathComponent("merged.h5").path
    let merge = try ProcessRunner.run(glyphlab, ["merge", merged, log])
    #expect(merge.status == 0, "\(merge.stderr)")
    #expect(merge.stderr.contains("is deprecated"))
    let both = try ProcessRunner.run(glyphlab, ["run", fixture.spec, "--log", log, "--out", log])
    #expect(both.status != 0)
  }
}

/// Issue 13: one vocabulary. Every command that writes names its output `-o, --out` and
/// replaces only with `--overwrite`; every command that computes takes `--threads`.
@Suite("One flag vocabulary")
struct FlagVocabularyTests {
  static let writers = [
    ["run"], ["merge"], ["report"], ["detect"], ["datasets", "build", "ancient-glyphs"], ["datasets", "import", "idx"],
    ["datasets", "import", "folder"], ["datasets", "inspect"], ["bench", "make-data"],
  ]

  @Test(arguments: writers + [["datasets", "import", "features"], ["runs"], ["doctor"], ["bench", "kmeans"]])
  func everyCommandSpeaksTheSameFlags(command: [String]) throws {
    let help = try ProcessRunner.run(try OutputFixture.glyphlab(), command + ["--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("--threads <threads>"), "\(command) takes --threads")
    if Self.writers.contains(command) {
      #expect(help.stdout.contains("-o, --out <"), "\(command) names its output -o, --out")
    }
    if Self.writers.contains(command) || command == ["datasets", "import", "features"] {
      #expect(help.stdout.contains("--overwrite") && help.stdout.contains("--replace-other-kind"))
    }
    for old in ["--force", "--log <", "--output <", "--sheet <"] {
      #expect(!help.stdout.contains(old), "\(command) still shows \(old)")
    }
  }
}
