import Foundation

/// The header of an IDX file (the MNIST family's format): a 4-byte magic number — two zero
/// bytes, the element type, the number of dimensions — then each dimension as a big-endian
/// 32-bit count.
struct IDXHeader: Equatable {
  /// The element type byte: 0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32,
  /// 0x0D float32, 0x0E float64.
  var elementType: UInt8
  /// The dimensions, outermost first (e.g. [N, 28, 28]).
  var dimensions: [Int]

  /// The element type byte of unsigned bytes, the only type GlyphLab imports.
  static let unsignedByte: UInt8 = 0x08

  /// The element count (checked against overflow).
  var elementCount: Int? {
    var total = 1
    for d in dimensions {
      let (product, overflow) = total.multipliedReportingOverflow(by: d)
      if overflow { return nil }
      total = product
    }
    return total
  }

  /// Reads and checks a header from `reader`: unsigned bytes, `rank` dimensions.
  static func read(from reader: GzipReader, rank: Int, what: String) throws -> IDXHeader {
    let magic = try reader.readExactly(4, what: "the IDX magic number")
    guard magic[0] == 0, magic[1] == 0 else {
      throw DatasetError(
        path: reader.path,
        reason:
          "not an IDX file: magic number starts \(hex(magic)), expected 00 00 (an IDX \(what) file, gzipped or not)")
    }
    let names: [UInt8: String] = [
      0x08: "unsigned byte", 0x09: "signed byte", 0x0B: "int16", 0x0C: "int32", 0x0D: "float32", 0x0E: "float64",
    ]
    guard let typeName = names[magic[2]] else {
      throw DatasetError(path: reader.path, reason: "not an IDX file: unknown element type 0x\(hex([magic[2]]))")
    }
    guard magic[2] == unsignedByte else {
      throw DatasetError(
        path: reader.path, reason: "IDX \(what) hold \(typeName) values; GlyphLab reads unsigned bytes")
    }
    guard Int(magic[3]) == rank else {
      throw DatasetError(
        path: reader.path, reason: "IDX \(what) have \(magic[3]) dimensions, expected \(rank)")
    }
    let raw = try reader.readExactly(4 * rank, what: "the IDX dimensions")
    let dimensions = (0..<rank).map { i in
      raw[(4 * i)..<(4 * i + 4)].reduce(0) { $0 << 8 | Int($1) }
    }
    let header = IDXHeader(elementType: magic[2], dimensions: dimensions)
    guard header.elementCount != nil else {
      throw DatasetError(path: reader.path, reason: "IDX dimensions \(dimensions) are too large")
    }
    return header
  }

  private static func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02X", $0) }.joined(separator: " ")
  }
}
