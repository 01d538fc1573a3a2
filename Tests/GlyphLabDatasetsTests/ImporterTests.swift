import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabImaging
import GlyphLabTestSupport
import Testing

@Suite("Importers on the shared datasets")
struct ImporterTests {
  static let oracle = TestPaths.shared("datasets/oracle-mnist")
  static let omniglot = TestPaths.shared("datasets/omniglot-small")
  static let options = ImportOptions(
    metadata: DatasetMetadata(name: "test", source: "shared", license: "see LICENSE"))

  /// The decompressed bytes of a gzip file, from the system's gzip (not GlyphLab's zlib use).
  static func gunzip(_ url: URL, into directory: URL) throws -> [UInt8] {
    let out = directory.appendingPathComponent(url.deletingPathExtension().lastPathComponent)
    let status = try ProcessRunner.run(
      URL(fileURLWithPath: "/bin/sh"), ["-c", "gzip -dc \"$0\" > \"$1\"", url.path, out.path])
    #expect(status.status == 0, "\(status.stderr)")
    return [UInt8](try Data(contentsOf: out))
  }

  @Test func oracleMNISTImportMatchesTheRawIDXBytes() throws {
    let directory = try TestPaths.temporaryDirectory("import")
    defer { try? FileManager.default.removeItem(at: directory) }
    let images = Self.oracle.appendingPathComponent("t10k-images-idx3-ubyte.gz")
    let labels = Self.oracle.appendingPathComponent("t10k-labels-idx1-ubyte.gz")
    let path = directory.appendingPathComponent("oracle.h5").path
    let result = try IDXImporter(imagesPath: images.path, labelsPath: labels.path, options: Self.options)
      .run(to: path)
    #expect(result.count == 3_000)
    #expect(result.classes == 10)
    #expect((result.height, result.width) == (28, 28))

    // IDX3: 16 header bytes, then 28×28 bytes per image; IDX1: 8 header bytes, then one per label.
    let rawImages = try Self.gunzip(images, into: directory)
    let rawLabels = try Self.gunzip(labels, into: directory)
    #expect(rawImages.count == 16 + 3_000 * 784)
    let reader = try GlyphDatasetReader(path: path)
    #expect(reader.count == 3_000)
    #expect(try reader.classes() == (0..<10).map(String.init))
    #expect(try reader.labels() == rawLabels[8...].map { Int32($0) })
    for index in [0, 1, 1_234, 2_999] {
      let image = try reader.images(index..<(index + 1))
      #expect(image.pixels == Array(rawImages[(16 + index * 784)..<(16 + (index + 1) * 784)]), "image \(index)")
    }
    #expect(reader.metadata.license == "see LICENSE")
  }

  @Test func omniglotImportHasEveryCharacterAndTheRightPixels() throws {
    let directory = try TestPaths.temporaryDirectory("import")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("omniglot.h5").path
    let result = try ImageFolderImporter(root: Self.omniglot.path, options: Self.options).run(to: path)
    // 10 alphabet folders in two halves; Greek and Latin appear in both (byte-identical),
    // so there are 8 distinct alphabet names. The LICENSE file is skipped.
    #expect(result.count == 5_840)
    #expect(result.classes == 292)
    #expect(result.groups == ["alphabet": 8])
    #expect(result.skippedFiles == 1)
    #expect(result.fitted == 0)

    let reader = try GlyphDatasetReader(path: path)
    #expect((reader.count, reader.height, reader.width) == (5_840, 105, 105))
    let classes = try reader.classes()
    #expect(classes.first == "images_background_small1/Balinese/character01")
    #expect(classes.last == "images_background_small2/Tagalog/character17")
    let labels = try reader.labels()
    // Every character has 20 drawings, in class order.
    #expect(labels == (0..<5_840).map { Int32($0 / 20) })
    let alphabet = try reader.group("alphabet")
    #expect(
      alphabet.names == [
        "Balinese", "Early_Aramaic", "Greek", "Japanese_(katakana)", "Korean", "Latin", "Sanskrit", "Tagalog",
      ])
    #expect(alphabet.values[0] == 0)
    #expect(alphabet.values[5_839] == 7)

    // Expected values from PIL, black (0) on white in the files, so ink (255) here:
    //   python3 -c "from PIL import Image; import numpy as np;
    //     a = np.array(Image.open(P).convert('L')); ys, xs = np.nonzero(a == 0);
    //     print((a == 0).sum(), xs[0], ys[0], list(xs[ys == ys[0]]), a[52, 52])"
    struct Expected {
      var className: String
      var drawing: Int  // 1-based file rank within the class: 0108_01.png is 1
      var ink: Int
      var firstInkRow: Int
      var firstInkColumns: [Int]
      var centreIsInk: Bool
    }
    let expectations = [
      Expected(
        className: "images_background_small1/Balinese/character01", drawing: 1, ink: 881, firstInkRow: 29,
        firstInkColumns: Array(64...70), centreIsInk: true),
      Expected(
        className: "images_background_small1/Greek/character01", drawing: 7, ink: 900, firstInkRow: 29,
        firstInkColumns: Array(70...72), centreIsInk: false),
      Expected(
        className: "images_background_small2/Tagalog/character17", drawing: 20, ink: 896, firstInkRow: 20,
        firstInkColumns: Array(75...88), centreIsInk: false),
    ]
    for expected in expectations {
      let classIndex = try #require(classes.firstIndex(of: expected.className))
      let index = classIndex * 20 + expected.drawing - 1
      let pixels = try reader.images(index..<(index + 1)).pixels
      #expect(Set(pixels) == [0, 255])
      #expect(pixels.filter { $0 == 255 }.count == expected.ink, "\(expected.className) #\(expected.drawing)")
      let firstInk = try #require(pixels.firstIndex(of: 255))
      #expect(firstInk / 105 == expected.firstInkRow)
      let row = pixels[(expected.firstInkRow * 105)..<((expected.firstInkRow + 1) * 105)]
      #expect(row.indices.filter { row[$0] == 255 }.map { $0 - expected.firstInkRow * 105 } == expected.firstInkColumns)
      #expect((pixels[52 * 105 + 52] == 255) == expected.centreIsInk)
    }
  }

  @Test func importsAreDeterministicWhateverTheBatchSize() throws {
    let directory = try TestPaths.temporaryDirectory("import")
    defer { try? FileManager.default.removeItem(at: directory) }
    let root = Self.omniglot.appendingPathComponent("images_background_small1").path
    var small = Self.options
    small.chunkImages = 100
    small.size = try ImageSize(height: 32, width: 32)
    var large = small
    large.chunkImages = 1024
    let first = directory.appendingPathComponent("a.h5").path
    let second = directory.appendingPathComponent("b.h5").path
    let third = directory.appendingPathComponent("c.h5").path
    try ImageFolderImporter(root: root, options: small).run(to: first)
    try ImageFolderImporter(root: root, options: small).run(to: second)
    try ImageFolderImporter(root: root, options: large).run(to: third)
    let a = try GlyphDatasetReader(path: first)
    let b = try GlyphDatasetReader(path: second)
    let c = try GlyphDatasetReader(path: third)
    #expect(a.count == 2_720)
    #expect(try a.allImages().pixels == b.allImages().pixels)
    #expect(try a.labels() == b.labels())
    #expect(try a.allImages().pixels == c.allImages().pixels)
    #expect(try a.labels() == c.labels())
    #expect(try a.group("alphabet").values == c.group("alphabet").values)
  }

  @Test func folderLevelsBecomeNamedGroups() throws {
    let directory = try TestPaths.temporaryDirectory("import")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("o.h5").path
    var options = Self.options
    options.size = try ImageSize(height: 16, width: 16)
    let result = try ImageFolderImporter(root: Self.omniglot.path, groupNames: ["split", "alphabet"], options: options)
      .run(to: path)
    #expect(result.groups == ["split": 2, "alphabet": 8])
    #expect(result.fitted == 5_840)
    let reader = try GlyphDatasetReader(path: path)
    #expect(try reader.group("split").names == ["images_background_small1", "images_background_small2"])
    #expect(try reader.group("split").values.filter { $0 == 0 }.count == 2_720)
    // Too many levels for the tree is an error naming the root.
    let deep = #expect(throws: DatasetError.self) {
      try ImageFolderImporter(root: Self.omniglot.path, groupNames: ["a", "b", "c"], options: options)
        .run(to: path + "2")
    }
    #expect(deep?.path == Self.omniglot.path)
    // No groups at all.
    let none = try ImageFolderImporter(root: Self.omniglot.path, groupNames: [], options: options).run(to: path)
    #expect(none.groups.isEmpty)
  }
}
