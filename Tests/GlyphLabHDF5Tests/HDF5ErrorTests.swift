import Foundation
import GlyphLabHDF5
import GlyphLabTestSupport
import Testing

@Suite("HDF5 errors")
struct HDF5ErrorTests {
  @Test func missingObjectsAndWrongTypesSayWhereAndWhat() throws {
    let directory = try TestPaths.temporaryDirectory("hdf5")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("errors.h5").path
    let file = try HDF5File(path: path, mode: .createNew)
    try file.createDataset("labels", of: Int32.self, shape: [4])
    let missing = #expect(throws: HDF5Error.self) { try file.openDataset("images") }
    #expect(missing?.description == "dataset images on / in \(path): open dataset failed: missing")
    #expect(throws: HDF5Error.self) { try file.openGroup("groups") }
    let labels = try file.openDataset("labels")
    let wrongType = #expect(throws: HDF5Error.self) { try labels.requireType(UInt8.self) }
    #expect(wrongType?.detail == "holds int32, expected uint8")
    #expect(wrongType?.description.contains("/labels") == true)
    #expect(throws: HDF5Error.self) { try labels.requireType(UInt32.self) }
    #expect(throws: HDF5Error.self) { try labels.requireType(Float.self) }
    try labels.requireType(Int32.self)
    let outside = #expect(throws: HDF5Error.self) { try labels.readRows(2..<6, as: Int32.self) }
    #expect(outside?.detail.contains("outside the shape [4]") == true)
    #expect(throws: HDF5Error.self) { try labels.write([Int32(1)]) }
    #expect(throws: HDF5Error.self) { try labels.readStrings() }
    // Compression without chunks is refused rather than silently ignored.
    #expect(throws: HDF5Error.self) {
      try file.createDataset("x", of: Float.self, shape: [3], compression: 4)
    }
  }

  @Test func nonHDF5AndTruncatedFilesAreRefusedWithTheirPath() throws {
    let directory = try TestPaths.temporaryDirectory("hdf5")
    defer { try? FileManager.default.removeItem(at: directory) }
    let text = directory.appendingPathComponent("notes.txt").path
    try Data("not hdf5 at all\n".utf8).write(to: URL(fileURLWithPath: text))
    let notHDF5 = #expect(throws: HDF5Error.self) { try HDF5File(path: text, mode: .readOnly) }
    #expect(notHDF5?.description.contains(text) == true)
    #expect(notHDF5?.detail.contains("not an HDF5 file") == true)

    let absent = directory.appendingPathComponent("absent.h5").path
    let noFile = #expect(throws: HDF5Error.self) { try HDF5File(path: absent, mode: .readOnly) }
    #expect(noFile?.detail == "no such file")
    #expect(throws: HDF5Error.self) { try HDF5File(path: directory.path, mode: .readOnly) }

    // A real file cut short keeps its signature, so HDF5 itself must refuse it.
    let whole = directory.appendingPathComponent("whole.h5").path
    try HDF5File.writeAtomically(to: whole) { file in
      let dataset = try file.createDataset("data", of: Float.self, shape: [4096])
      try dataset.write([Float](repeating: 1.5, count: 4096))
    }
    let bytes = try Data(contentsOf: URL(fileURLWithPath: whole))
    let truncated = directory.appendingPathComponent("truncated.h5").path
    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
    let cut = #expect(throws: HDF5Error.self) {
      let file = try HDF5File(path: truncated, mode: .readOnly)
      _ = try file.openDataset("data").read(as: Float.self)
    }
    #expect(cut?.description.contains(truncated) == true)
    #expect(cut?.detail.isEmpty == false)
  }

  @Test func createNewRefusesAnExistingFile() throws {
    let directory = try TestPaths.temporaryDirectory("hdf5")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("exists.h5").path
    try HDF5File(path: path, mode: .createNew).close()
    #expect(throws: HDF5Error.self) { try HDF5File(path: path, mode: .createNew) }
    try HDF5File(path: path, mode: .truncate).close()
  }
}
