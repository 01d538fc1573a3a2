import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabHDF5
import GlyphLabTestSupport
import Testing

@Suite("Dataset errors")
struct GlyphDatasetErrorTests {
  @Test func writerRefusesBadInputAndLeavesNoFile() throws {
    let directory = try TestPaths.temporaryDirectory("datasets")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("bad.h5").path
    let meta = DatasetFixtures.metadata
    let zero = #expect(throws: DatasetError.self) {
      try GlyphDatasetWriter(path: path, metadata: meta, height: 0, width: 28)
    }
    #expect(zero?.description.contains(path) == true)
    #expect(zero?.reason.contains("0×28") == true)

    do {
      let writer = try GlyphDatasetWriter(path: path, metadata: meta, height: 2, width: 2)
      try writer.declareGroup("font", values: ["a"])
      #expect(throws: DatasetError.self) { try writer.declareGroup("font", values: ["b"]) }
      #expect(throws: DatasetError.self) { try writer.declareGroup("a/b", values: ["b"]) }
      // Pixel count, missing and undeclared groups, out-of-range group values.
      #expect(throws: DatasetError.self) { try writer.append(images: [0, 0, 0], labels: [0], groups: ["font": [0]]) }
      #expect(throws: DatasetError.self) { try writer.append(images: [0, 0, 0, 0], labels: [0]) }
      #expect(throws: DatasetError.self) {
        try writer.append(images: [0, 0, 0, 0], labels: [0], groups: ["font": [0], "writer": [0]])
      }
      #expect(throws: DatasetError.self) {
        try writer.append(images: [0, 0, 0, 0], labels: [0], groups: ["font": [1]])
      }
      #expect(throws: DatasetError.self) {
        try writer.append(images: [0, 0, 0, 0], labels: [-2], groups: ["font": [0]])
      }
      try writer.append(images: [1, 2, 3, 4, 5, 6, 7, 8], labels: [0, 3], groups: ["font": [0, -1]])
      #expect(throws: DatasetError.self) { try writer.declareGroup("late", values: ["x"]) }
      #expect(throws: DatasetError.self) { try writer.setClasses(["x", "x"]) }
      #expect(throws: DatasetError.self) { try writer.addFeatures("clip", Matrix(rows: 2, columns: 0)) }
      #expect(throws: DatasetError.self) {
        try writer.addFeatures("nan", try Matrix(rows: 2, columns: 1, elements: [0, .nan]))
      }
      try writer.addFeatures("clip", Matrix(rows: 3, columns: 2))
      // finish checks labels against the classes and features against the images.
      let noClasses = #expect(throws: DatasetError.self) { try writer.finish() }
      #expect(noClasses?.reason.contains("setClasses was never called") == true)
      try writer.setClasses(["a", "b", "c"])
      let outOfRange = #expect(throws: DatasetError.self) { try writer.finish() }
      #expect(outOfRange?.reason == "label 3 of image 1 is outside −1..<3 (3 classes)")
      try writer.setClasses(["a", "b", "c", "d"])
      let rows = #expect(throws: DatasetError.self) { try writer.finish() }
      #expect(rows?.reason == "features clip have 3 rows, the dataset has 2 images")
      #expect(try DatasetFixtures.entries(directory).count == 1, "only the temporary file")
      #expect(!FileManager.default.fileExists(atPath: path))
      // Pages: boxes must lie inside the page.
      #expect(throws: DatasetError.self) { try writer.appendPage(pixels: [0], boxes: [], boxLabels: []) }
      try writer.declarePages(height: 4, width: 4)
      #expect(throws: DatasetError.self) {
        try writer.appendPage(pixels: [UInt8](repeating: 0, count: 16), boxes: [2, 2, 3, 1], boxLabels: [0])
      }
      #expect(throws: DatasetError.self) {
        try writer.appendPage(pixels: [UInt8](repeating: 0, count: 16), boxes: [0, 0, 1], boxLabels: [0])
      }
    }  // the writer goes away without finishing
    #expect(try DatasetFixtures.entries(directory).isEmpty, "the temporary file is deleted")
  }

  @Test func aFinishedWriterRefusesMoreWork() throws {
    let directory = try TestPaths.temporaryDirectory("datasets")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("done.h5").path
    let writer = try GlyphDatasetWriter(path: path, metadata: DatasetFixtures.metadata, height: 1, width: 1)
    try writer.finish()
    #expect(throws: DatasetError.self) { try writer.append(images: [1], labels: [-1]) }
    #expect(throws: DatasetError.self) { try writer.finish() }
    #expect(try DatasetFixtures.entries(directory) == ["done.h5"])
  }

  /// Writes a valid dataset, then changes it with `change` to make it invalid, and returns
  /// the error the reader gives.
  func readerError(_ change: (HDF5File) throws -> Void) throws -> DatasetError? {
    let directory = try TestPaths.temporaryDirectory("datasets")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = try DatasetFixtures.writeSmall(at: directory.appendingPathComponent("d.h5").path)
    try HDF5File.updateAtomically(at: path, change)
    let error = #expect(throws: DatasetError.self) { try GlyphDatasetReader(path: path) }
    #expect(error?.path == path)
    return error
  }

  @Test func readerNamesTheFileAndTheProblem() throws {
    #expect(try readerError { try $0.removeAttribute("format") }?.reason.contains("\"format\" is missing") == true)
    #expect(try readerError { try $0.setAttribute("format", "other") }?.reason.contains("format is \"other\"") == true)
    #expect(
      try readerError { try $0.setAttribute("version", "2.0") }?.reason
        == "format version 2.0 is not supported: this GlyphLab reads version 1.x")
    #expect(try readerError { try $0.setAttribute("version", "one") }?.reason.contains("major.minor") == true)
    #expect(try readerError { try $0.removeAttribute("license") }?.reason == "root attribute \"license\" is missing")
    #expect(try readerError { try $0.remove("labels") }?.reason == "dataset /labels is missing")
    #expect(try readerError { try $0.remove("classes") }?.reason == "dataset /classes is missing")
    let dtype = try readerError { file in
      try file.remove("labels")
      try file.createDataset("labels", of: Int64.self, shape: [5])
    }
    #expect(dtype?.reason == "/labels holds int64, expected int32")
    let rows = try readerError { file in
      try file.remove("labels")
      try file.createDataset("labels", of: Int32.self, shape: [4])
    }
    #expect(rows?.reason == "/labels has 4 rows, /images has 5")
    let shape = try readerError { file in
      try file.remove("images")
      try file.createDataset("images", of: UInt8.self, shape: [5, 12])
    }
    #expect(shape?.reason == "/images has shape [5, 12], expected [N, H, W]")
    let size = try readerError { file in
      try file.remove("images")
      try file.createDataset("images", of: UInt8.self, shape: [5, 0, 3])
    }
    #expect(size?.reason.contains("image size 0×3") == true)
    let label = try readerError { file in
      try file.openDataset("labels").write([Int32(0), 1, 2, -1, 0])
    }
    #expect(label?.reason == "/labels[2] = 2 is outside -1..<2 (2 classes)")
    let group = try readerError { file in try file.openDataset("groups/font").removeAttribute("values") }
    #expect(group?.reason.contains("\"values\" attribute") == true)
    let features = try readerError { file in
      try file.createDataset("features/clip", of: Float.self, shape: [4, 8])
    }
    #expect(features?.reason == "/features/clip has 4 rows, /images has 5")
  }

  @Test func aNewerMinorVersionIsRead() throws {
    let directory = try TestPaths.temporaryDirectory("datasets")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = try DatasetFixtures.writeSmall(at: directory.appendingPathComponent("d.h5").path)
    try HDF5File.updateAtomically(at: path) { try $0.setAttribute("version", "1.7") }
    #expect(try GlyphDatasetReader(path: path).version == "1.7")
  }

  @Test func aNonHDF5FileIsNotADataset() throws {
    let directory = try TestPaths.temporaryDirectory("datasets")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("labels.csv").path
    try Data("0,1,2\n".utf8).write(to: URL(fileURLWithPath: path))
    let error = #expect(throws: DatasetError.self) { try GlyphDatasetReader(path: path) }
    #expect(error?.description == "\(path): cannot open: not an HDF5 file (wrong format, or truncated)")
    let missing = #expect(throws: DatasetError.self) { try GlyphDatasetReader(path: path + ".h5") }
    #expect(missing?.reason == "cannot open: no such file")
  }
}
