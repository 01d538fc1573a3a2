import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabTestSupport
import Testing

@Suite("NumPy .npy embeddings")
struct NPYTests {
  /// A .npy file written by hand from the format description: magic, version, little-endian
  /// header length, the dict padded with spaces to a multiple of 64 bytes and ending in a
  /// newline, then the data.
  static func npy(descr: String, shape: String, fortran: Bool = false, payload: [UInt8], major: UInt8 = 1) -> Data {
    var header = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
    let prefix = major == 1 ? 10 : 12
    while (prefix + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [major, 0]
    let length = header.utf8.count
    bytes += major == 1 ? [UInt8(length & 255), UInt8(length >> 8)] : [UInt8(length & 255), UInt8(length >> 8), 0, 0]
    return Data(bytes + Array(header.utf8) + payload)
  }

  static func float32Bytes(_ values: [Float], bigEndian: Bool = false) -> [UInt8] {
    values.flatMap { value -> [UInt8] in
      let bits = bigEndian ? value.bitPattern.byteSwapped : value.bitPattern
      return (0..<4).map { UInt8(truncatingIfNeeded: bits >> (8 * $0)) }
    }
  }

  static func float64Bytes(_ values: [Double]) -> [UInt8] {
    values.flatMap { value in (0..<8).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) } }
  }

  func load(_ data: Data, name: String = "m.npy") throws -> Matrix {
    let directory = try TestPaths.temporaryDirectory("npy")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent(name).path
    try data.write(to: URL(fileURLWithPath: path))
    return try EmbeddingImporter(sourcePath: path).loadMatrix()
  }

  @Test func float32Float64BigEndianAndVersion2Read() throws {
    let values: [Float] = [0, -1.5, 3.25, 1e-3, 42, .pi]
    let a = try load(Self.npy(descr: "<f4", shape: "(2, 3)", payload: Self.float32Bytes(values)))
    #expect((a.rows, a.columns) == (2, 3))
    #expect(a.elements == values)
    let b = try load(Self.npy(descr: "<f8", shape: "(3, 2)", payload: Self.float64Bytes(values.map(Double.init))))
    #expect((b.rows, b.columns) == (3, 2))
    #expect(b.elements == values)
    let c = try load(Self.npy(descr: ">f4", shape: "(6,)", payload: Self.float32Bytes(values, bigEndian: true)))
    #expect((c.rows, c.columns) == (6, 1))
    #expect(c.elements == values)
    let d = try load(Self.npy(descr: "<f4", shape: "(1, 6)", payload: Self.float32Bytes(values), major: 2))
    #expect(d.elements == values)
    let empty = try load(Self.npy(descr: "<f4", shape: "(0, 4)", payload: []))
    #expect((empty.rows, empty.columns) == (0, 4))
  }

  @Test func unsupportedOrDamagedFilesAreRefused() throws {
    let four = Self.float32Bytes([1, 2, 3, 4])
    let cases: [(Data, String)] = [
      (Self.npy(descr: "<i4", shape: "(2, 2)", payload: four), "'<i4'"),
      (Self.npy(descr: "<f4", shape: "(2, 2)", fortran: true, payload: four), "Fortran order"),
      (Self.npy(descr: "<f4", shape: "(2, 3)", payload: four), "truncated"),
      (Self.npy(descr: "<f4", shape: "(1, 2)", payload: four), "expected 8"),
      (Self.npy(descr: "<f4", shape: "(1, 2, 2)", payload: four), "3-D"),
      (Data("not numpy at all".utf8), "not a .npy file"),
      (Self.npy(descr: "<f4", shape: "(2, 2)", payload: four).prefix(20), "truncated .npy header"),
    ]
    for (data, message) in cases {
      let error = #expect(throws: DatasetError.self) { try load(data) }
      #expect(error?.reason.contains(message) == true, "\(error?.reason ?? "") should mention \(message)")
      #expect(error?.path.hasSuffix("m.npy") == true)
    }
  }
}
