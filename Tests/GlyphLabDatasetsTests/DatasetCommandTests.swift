import Foundation
import GlyphLabDatasets
import GlyphLabTestSupport
import Testing

/// Runs the built `glyphlab` binary: exit codes and messages as a user sees them.
@Suite("glyphlab datasets (command line)")
struct DatasetCommandTests {
  func glyphlab(_ arguments: [String]) throws -> ProcessOutput {
    let executable = try #require(TestPaths.glyphlabExecutable, "build the glyphlab executable first")
    return try ProcessRunner.run(executable, arguments)
  }

  @Test func importAndInspectOracleMNIST() throws {
    let directory = try TestPaths.temporaryDirectory("cli")
    defer { try? FileManager.default.removeItem(at: directory) }
    let oracle = TestPaths.shared("datasets/oracle-mnist")
    let output = directory.appendingPathComponent("oracle.h5").path
    let imported = try glyphlab([
      "datasets", "import", "idx", oracle.appendingPathComponent("t10k-images-idx3-ubyte.gz").path,
      oracle.appendingPathComponent("t10k-labels-idx1-ubyte.gz").path, "-o", output, "--license", "Apache-2.0",
    ])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout.contains("3000 images of 28x28, 10 classes"))
    // Importing again without --overwrite refuses to replace the file.
    let again = try glyphlab([
      "datasets", "import", "idx", oracle.appendingPathComponent("t10k-images-idx3-ubyte.gz").path,
      oracle.appendingPathComponent("t10k-labels-idx1-ubyte.gz").path, "-o", output,
    ])
    #expect(again.status != 0)
    #expect(again.stderr.contains("\(output) exists and holds HDF5 with format \"glyphlab-dataset\""))

    let inspected = try glyphlab(["datasets", "inspect", output])
    #expect(inspected.status == 0, "\(inspected.stderr)")
    #expect(inspected.stdout.contains("license     Apache-2.0"))
    #expect(inspected.stdout.contains("3,000 of 28x28"))
    #expect(inspected.stdout.contains("10: 0 empty, 0 singletons"))
    #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("oracle.sheet.png").path))
  }

  @Test func badInputsExitNonZeroNamingTheFileAndLeaveNothing() throws {
    let directory = try TestPaths.temporaryDirectory("cli")
    defer { try? FileManager.default.removeItem(at: directory) }
    let images = directory.appendingPathComponent("images.idx").path
    try Data([0x12, 0x34, 0x08, 0x03, 0, 0, 0, 1]).write(to: URL(fileURLWithPath: images))
    let labels = TestPaths.shared("datasets/oracle-mnist/t10k-labels-idx1-ubyte.gz").path
    let output = directory.appendingPathComponent("out.h5").path
    let badIDX = try glyphlab(["datasets", "import", "idx", images, labels, "-o", output])
    #expect(badIDX.status != 0)
    #expect(badIDX.stderr.contains(labels) || badIDX.stderr.contains(images))
    #expect(try DatasetFixtures.entries(directory) == ["images.idx"])

    let notDataset = try glyphlab(["datasets", "inspect", images, "--no-sheet"])
    #expect(notDataset.status != 0)
    #expect(notDataset.stderr.contains("\(images): cannot open: not an HDF5 file"))

    let zero = try glyphlab(["datasets", "import", "folder", directory.path, "-o", output, "--size", "0"])
    #expect(zero.status != 0)
    #expect(try DatasetFixtures.entries(directory) == ["images.idx"])
  }
}
