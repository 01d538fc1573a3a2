import Foundation
import GlyphLabHDF5
import GlyphLabTestSupport
import Testing

@Suite("HDF5 attributes")
struct HDF5AttributeTests {
  @Test func everyAttributeKindRoundTripsOnFilesGroupsAndDatasets() throws {
    let directory = try TestPaths.temporaryDirectory("hdf5")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("attributes.h5").path
    try HDF5File.writeAtomically(to: path) { file in
      try file.setAttribute("format", "glyphlab-dataset")
      try file.setAttribute("name", "郷土誌")
      try file.setAttribute("count", 42)
      try file.setAttribute("ratio", 0.125)
      try file.setAttribute("sizes", [Int32(3), -4, 5])
      let group = try file.createGroup("groups/font")
      try group.setAttribute("values", ["Song", "Kai", "明朝"])
      let dataset = try group.createDataset("data", of: Float.self, shape: [1])
      try dataset.setAttribute("unit", "px")
      try dataset.setAttribute("empty", [String]())
    }
    let file = try HDF5File(path: path, mode: .readOnly)
    #expect(try file.stringAttribute("format") == "glyphlab-dataset")
    #expect(try file.stringAttribute("name") == "郷土誌")
    #expect(try file.intAttribute("count") == 42)
    #expect(try file.doubleAttribute("count") == 42)
    #expect(try file.doubleAttribute("ratio") == 0.125)
    #expect(try file.numericAttribute("sizes") == [Int32(3), -4, 5])
    #expect(try file.attributeNames() == ["count", "format", "name", "ratio", "sizes"])
    let group = try file.openGroup("groups/font")
    #expect(try group.stringsAttribute("values") == ["Song", "Kai", "明朝"])
    #expect(try group.stringsAttribute("values").count == 3)
    let dataset = try group.openDataset("data")
    #expect(try dataset.stringAttribute("unit") == "px")
    #expect(try dataset.stringsAttribute("empty") == [])
    // A scalar string reads as a one-element array.
    #expect(try file.stringsAttribute("name") == ["郷土誌"])
  }

  @Test func settingAgainReplacesAndRemoveDeletes() throws {
    let directory = try TestPaths.temporaryDirectory("hdf5")
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = try HDF5File(path: directory.appendingPathComponent("a.h5").path, mode: .createNew)
    try file.setAttribute("version", "1.0")
    try file.setAttribute("version", 2)  // a different type replaces the old attribute
    #expect(try file.intAttribute("version") == 2)
    try file.removeAttribute("version")
    #expect(!file.hasAttribute("version"))
    try file.removeAttribute("version")  // removing a missing attribute is not an error
  }

  @Test func wrongKindsAndMissingAttributesNameTheObjectAndFile() throws {
    let directory = try TestPaths.temporaryDirectory("hdf5")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("kinds.h5").path
    let file = try HDF5File(path: path, mode: .createNew)
    try file.setAttribute("name", "x")
    try file.setAttribute("count", 1)
    let group = try file.createGroup("g")
    let missing = #expect(throws: HDF5Error.self) { try group.stringAttribute("values") }
    #expect(missing?.description.contains("/g") == true)
    #expect(missing?.description.contains(path) == true)
    #expect(missing?.description.contains("values") == true)
    let notNumber = #expect(throws: HDF5Error.self) { try file.intAttribute("name") }
    #expect(notNumber?.detail == "not a number")
    let notString = #expect(throws: HDF5Error.self) { try file.stringAttribute("count") }
    #expect(notString?.detail == "not a string")
  }
}
