import Foundation
import GlyphLabHDF5
import GlyphLabTestSupport
import Testing

@Suite("HDF5 round trips")
struct HDF5RoundTripTests {
  /// Writes `values` as a [2, n/2] dataset, reads them back whole and by rows, and checks
  /// the stored type.
  func roundTrip<T: HDF5Scalar & Equatable>(_ values: [T], in file: HDF5File) throws {
    let name = "numbers/\(T.hdf5Type.name)"
    let dataset = try file.createDataset(name, of: T.self, shape: [2, values.count / 2])
    try dataset.write(values)
    let reopened = try file.openDataset(name)
    try reopened.requireType(T.self)
    #expect(try reopened.shape() == [2, values.count / 2])
    #expect(try reopened.read(as: T.self) == values)
    #expect(try reopened.readRows(1..<2, as: T.self) == Array(values[(values.count / 2)...]))
    #expect(try reopened.chunkShape() == nil)
    #expect(try reopened.deflateLevel() == nil)
  }

  @Test func everyNumericTypeRoundTripsWithItsExtremes() throws {
    let directory = try TestPaths.temporaryDirectory("hdf5")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("numbers.h5").path
    do {
      let file = try HDF5File(path: path, mode: .createNew)
      try roundTrip([UInt8.min, 1, 200, .max], in: file)
      try roundTrip([Int8.min, -1, 1, .max], in: file)
      try roundTrip([Int16.min, -300, 300, .max], in: file)
      try roundTrip([UInt16.min, 1, 40_000, .max], in: file)
      try roundTrip([Int32.min, -1, 70_000, .max], in: file)
      try roundTrip([UInt32.min, 1, 3_000_000_000, .max], in: file)
      try roundTrip([Int64.min, -1, 1 << 40, .max], in: file)
      try roundTrip([UInt64.min, 1, 1 << 63, .max], in: file)
      try roundTrip([-Float.greatestFiniteMagnitude, -0.5, .leastNonzeroMagnitude, .infinity], in: file)
      try roundTrip([-Double.greatestFiniteMagnitude, -0.25, .pi, .leastNonzeroMagnitude], in: file)
      try file.close()
    }
    // Reopened read-only, the values are still there.
    let file = try HDF5File(path: path, mode: .readOnly)
    #expect(try file.openGroup("numbers").childNames().count == 10)
    #expect(try file.openDataset("numbers/uint64").read(as: UInt64.self) == [0, 1, 1 << 63, .max])
  }

  @Test func appendGrowsAnUnlimitedChunkedCompressedDataset() throws {
    let directory = try TestPaths.temporaryDirectory("hdf5")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("append.h5").path
    let file = try HDF5File(path: path, mode: .createNew)
    let dataset = try file.createDataset(
      "stack", of: UInt8.self, shape: [0, 2, 3], maxShape: [nil, 2, 3], chunks: [4, 2, 3], compression: 4)
    var expected: [UInt8] = []
    for batch in 0..<5 {
      let rows = batch + 1  // batches of 1…5 rows cross chunk boundaries
      let values = (0..<(rows * 6)).map { UInt8(truncatingIfNeeded: batch * 37 + $0) }
      try dataset.append(values)
      expected += values
    }
    #expect(try dataset.shape() == [15, 2, 3])
    #expect(try dataset.maxShape() == [nil, 2, 3])
    #expect(try dataset.chunkShape() == [4, 2, 3])
    #expect(try dataset.deflateLevel() == 4)
    #expect(try dataset.read(as: UInt8.self) == expected)
    #expect(try dataset.readRows(3..<7, as: UInt8.self) == Array(expected[18..<42]))
    // Rows that are not whole are refused.
    #expect(throws: HDF5Error.self) { try dataset.append([UInt8](repeating: 0, count: 5)) }
    // A fixed-size dataset cannot grow.
    let fixed = try file.createDataset("fixed", of: Int32.self, shape: [2])
    #expect(throws: HDF5Error.self) { try fixed.append([Int32(1)]) }
  }

  @Test func stringDatasetsKeepUTF8() throws {
    let directory = try TestPaths.temporaryDirectory("hdf5")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("strings.h5").path
    let values = ["郷", "鄉", "", "Greek/character01", "𠀋 (plane 2)", "a b\tc"]
    try HDF5File.writeAtomically(to: path) { file in
      try file.createStringDataset("classes", values: values)
      try file.createStringDataset("empty", values: [])
    }
    let file = try HDF5File(path: path, mode: .readOnly)
    #expect(try file.openDataset("classes").readStrings() == values)
    #expect(try file.openDataset("classes").elementType().kind == .string)
    #expect(try file.openDataset("empty").readStrings() == [])
  }

  @Test func groupsNestAndAbsoluteNamesResolveFromTheRoot() throws {
    let directory = try TestPaths.temporaryDirectory("hdf5")
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = try HDF5File(path: directory.appendingPathComponent("groups.h5").path, mode: .createNew)
    let font = try file.createGroup("groups/font")
    try font.createDataset("values", of: Int32.self, shape: [3])
    #expect(file.exists("groups"))
    #expect(file.exists("groups/font/values"))
    #expect(file.exists("/groups/font"))
    #expect(!file.exists("groups/writer"))
    #expect(!file.exists(""))
    #expect(file.isGroup("groups/font"))
    #expect(!file.isGroup("groups/font/values"))
    #expect(font.objectPath == "/groups/font")
    #expect(font.exists("/groups"))  // absolute, from a subgroup
    #expect(try file.openGroup("groups").childNames() == ["font"])
    #expect(try file.group("groups/writer").objectPath == "/groups/writer")
    try file.remove("groups/writer")
    #expect(!file.exists("groups/writer"))
  }
}
