import Foundation
import GlyphLabHDF5
import GlyphLabTestSupport
import Testing

@Suite("HDF5 atomic writes")
struct HDF5AtomicWriteTests {
  struct Planned: Error {}

  func entries(_ directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
  }

  @Test func aFailedWriteLeavesNoFileAndKeepsTheOldOne() throws {
    let directory = try TestPaths.temporaryDirectory("hdf5")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("data.h5").path
    #expect(throws: Planned.self) {
      try HDF5File.writeAtomically(to: path) { file in
        try file.createDataset("x", of: Int32.self, shape: [2]).write([Int32(1), 2])
        throw Planned()
      }
    }
    #expect(try entries(directory).isEmpty, "no partial file and no temporary file")

    try HDF5File.writeAtomically(to: path) { file in try file.setAttribute("generation", 1) }
    #expect(throws: Planned.self) {
      try HDF5File.writeAtomically(to: path) { file in
        try file.setAttribute("generation", 2)
        throw Planned()
      }
    }
    #expect(try entries(directory) == ["data.h5"])
    #expect(try HDF5File(path: path, mode: .readOnly).intAttribute("generation") == 1)
  }

  @Test func updateChangesACopyAndRenamesItOverTheOriginal() throws {
    let directory = try TestPaths.temporaryDirectory("hdf5")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("data.h5").path
    try HDF5File.writeAtomically(to: path) { file in
      try file.createDataset("x", of: Int32.self, shape: [2]).write([Int32(7), 8])
    }
    #expect(throws: Planned.self) {
      try HDF5File.updateAtomically(at: path) { file in
        try file.remove("x")
        throw Planned()
      }
    }
    #expect(try entries(directory) == ["data.h5"])
    #expect(try HDF5File(path: path, mode: .readOnly).openDataset("x").read(as: Int32.self) == [7, 8])

    try HDF5File.updateAtomically(at: path) { file in
      try file.createDataset("features/y", of: Float.self, shape: [1]).write([Float(0.5)])
    }
    let file = try HDF5File(path: path, mode: .readOnly)
    #expect(try file.openDataset("x").read(as: Int32.self) == [7, 8])
    #expect(try file.openDataset("features/y").read(as: Float.self) == [0.5])
    #expect(try entries(directory) == ["data.h5"])
  }

  @Test func aStagedFileIsDeletedUnlessCommitted() throws {
    let directory = try TestPaths.temporaryDirectory("hdf5")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("staged.h5").path
    do {
      let staged = try HDF5StagedFile(creating: path)
      try staged.file.setAttribute("a", 1)
      #expect(FileManager.default.fileExists(atPath: staged.temporaryPath))
      #expect(!FileManager.default.fileExists(atPath: path))
    }  // released without commit
    #expect(try entries(directory).isEmpty)

    let staged = try HDF5StagedFile(creating: path)
    let dataset = try staged.file.createDataset("x", of: UInt8.self, shape: [1])
    // An object still open would keep HDF5 writing after the rename, so commit refuses.
    let busy = #expect(throws: HDF5Error.self) { try staged.commit() }
    #expect(busy?.detail.contains("still open") == true)
    _ = dataset
    staged.discard()
    #expect(try entries(directory).isEmpty)
  }

  @Test func closingTwiceIsHarmlessAndUseAfterCloseThrows() throws {
    let directory = try TestPaths.temporaryDirectory("hdf5")
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = try HDF5File(path: directory.appendingPathComponent("c.h5").path, mode: .createNew)
    try file.close()
    try file.close()
    #expect(!file.isOpen)
    #expect(throws: HDF5Error.self) { try file.setAttribute("a", 1) }
  }
}
