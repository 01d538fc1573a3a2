import Foundation
import GlyphLabDatasets
import GlyphLabRunner
import GlyphLabTestSupport
import GlyphLabTraining
import Testing

/// Every committed spec under Experiments/ passes the dry run (spec, datasets, features,
/// episode shapes): on the data its Makefile target builds when that is there, else on the
/// same real data imported here from ../shared when that is cheap (Oracle-MNIST, Omniglot, two
/// books of the PMJT sample);
/// a spec whose data is neither is skipped with a message.
@Suite("committed specs")
struct CommittedSpecTests {
  static let experiments = TestPaths.repository.appendingPathComponent("Experiments")

  static var specs: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: experiments.path)) ?? []).filter { $0.hasSuffix(".yaml") }
      .sorted()
  }

  /// Imports the real dataset a spec reads into `directory`, the way its Makefile target
  /// does, when it is cheap; nil otherwise.
  static func importCheaply(_ relativePath: String, into directory: URL) throws -> String? {
    let destination = directory.appendingPathComponent(URL(fileURLWithPath: relativePath).lastPathComponent).path
    let shared = TestPaths.shared("datasets")
    switch URL(fileURLWithPath: relativePath).lastPathComponent {
    case "oracle-mnist-test.h5":
      let options = ImportOptions(
        metadata: DatasetMetadata(name: "oracle-mnist-test", source: "Oracle-MNIST test set", license: "Apache-2.0"))
      _ = try IDXImporter(
        imagesPath: shared.appendingPathComponent("oracle-mnist/t10k-images-idx3-ubyte.gz").path,
        labelsPath: shared.appendingPathComponent("oracle-mnist/t10k-labels-idx1-ubyte.gz").path, options: options
      ).run(to: destination)
      return destination
    case "omniglot-small.h5":
      let options = ImportOptions(
        metadata: DatasetMetadata(name: "omniglot-small", source: "Omniglot", license: "MIT"),
        size: try ImageSize(height: 28, width: 28))
      _ = try ImageFolderImporter(
        root: shared.appendingPathComponent("omniglot-small/images_background_small1").path, options: options
      ).run(to: destination)
      return destination
    case "pmjt-sample.h5":
      // Two of the sample's 15 books (40 and 65 boxes), imported as `make` imports all of them:
      // the dry run checks the file, its glyphs and its groups, not their number.
      let books = directory.appendingPathComponent("pmjt-books")
      try FileManager.default.createDirectory(at: books, withIntermediateDirectories: true)
      for book in ["200021712", "200021763"] {
        try FileManager.default.createSymbolicLink(
          at: books.appendingPathComponent(book),
          withDestinationURL: shared.appendingPathComponent("pmjt-sample/\(book)"))
      }
      _ = try PMJTImporter(
        root: books.path, pageScale: 0.5,
        options: ImportOptions(
          metadata: DatasetMetadata(name: "pmjt-sample", source: "PMJT sample, two books", license: "CC-BY-SA-4.0"),
          size: try ImageSize(height: 48, width: 48))
      ).run(to: destination)
      return destination
    default:
      return nil
    }
  }

  @Test(arguments: specs)
  func passesTheDryRun(_ name: String) throws {
    let path = Self.experiments.appendingPathComponent(name).path
    let text = try String(contentsOfFile: path, encoding: .utf8)
    if text.split(separator: "\n").contains(where: { $0.hasPrefix("epochs:") }) {
      // A training spec (glyphlab train), checked by its own reader.
      _ = try TrainingSpec.load(path: path, overrides: [])
      return
    }
    let spec = try ExperimentSpec.load(path: path)
    for key in ["features.weights", "references.dataset"] {
      if case .string(let file) = spec.baseParameters[key] ?? .string(""), !file.isEmpty,
        !FileManager.default.fileExists(atPath: TestPaths.repository.appendingPathComponent(file).path)
      {
        print("skipping the dry run of \(name): \(file) is not built (make run builds it)")
        return
      }
    }
    var overrides: [String] = []
    for key in ["features.weights", "references.dataset"] {
      if case .string(let file) = spec.baseParameters[key] ?? .string(""), !file.isEmpty {
        overrides.append("\(key)=\(TestPaths.repository.appendingPathComponent(file).path)")
      }
    }
    if case .string(let dataset) = spec.baseParameters["dataset.path"] ?? .string(""), !dataset.isEmpty {
      let onDisk = TestPaths.repository.appendingPathComponent(dataset).path
      if FileManager.default.fileExists(atPath: onDisk) {
        overrides.append("dataset.path=\(onDisk)")
      } else if let built = try Self.importCheaply(dataset, into: try TestPaths.temporaryDirectory("spec-data")) {
        overrides.append("dataset.path=\(built)")
      } else {
        print("skipping the dry run of \(name): \(dataset) is not built (see its Makefile target)")
        return
      }
    }
    let resolved = try ExperimentSpec.load(path: path, overrides: overrides)
    #expect(!resolved.runs.isEmpty)
    try ExperimentRunner(spec: resolved).checkInputs()
  }
}
