import Foundation
import GlyphLabHDF5
import GlyphLabTestSupport
import Testing

@Suite("HDF5 booleans")
struct HDF5BooleanTests {
  @Test func booleansAreAnEnumThatReadsBackAsBoolAndAsNumbers() throws {
    let directory = try TestPaths.temporaryDirectory("hdf5-bool")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("bool.h5").path
    let flags = [true, false, false, true, true]
    try HDF5File.writeAtomically(to: path) { file in
      try file.setAttribute("yes", true)
      try file.setAttribute("no", false)
      try file.createDataset("flags", of: Bool.self, shape: [flags.count], chunks: [2], compression: 4).write(flags)
    }
    let file = try HDF5File(path: path, mode: .readOnly)
    #expect(try file.attributeClass("yes") == .integer)
    #expect(try file.intAttribute("yes") == 1 && file.intAttribute("no") == 0)
    #expect(try file.doubleAttribute("yes") == 1)
    do {
      let dataset = try file.openDataset("flags")
      #expect(try dataset.read(as: Bool.self) == flags)
      #expect(try dataset.read(as: UInt8.self) == flags.map { $0 ? 1 : 0 })
      #expect(try dataset.read(as: Double.self) == flags.map { $0 ? 1 : 0 })
    }
    try file.close()
    if let python = Self.h5py {
      let script = """
        import h5py, sys
        f = h5py.File(sys.argv[1], "r")
        print(type(f.attrs["yes"]).__name__, bool(f.attrs["yes"]), bool(f.attrs["no"]), f["flags"].dtype, list(f["flags"][:]))
        """
      let output = try ProcessRunner.run(python, ["-c", script, path])
      #expect(output.stdout == "bool_ True False bool [True, False, False, True, True]\n", "\(output.stderr)")
    }
  }

  static let h5py: URL? = {
    let url = URL(fileURLWithPath: "/usr/bin/python3")
    guard let output = try? ProcessRunner.run(url, ["-c", "import h5py"]), output.status == 0 else { return nil }
    return url
  }()
}
