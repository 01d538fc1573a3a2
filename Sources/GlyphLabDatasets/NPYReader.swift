import Foundation
import GlyphLabCore

/// Reads a NumPy `.npy` file holding a float32 or float64 matrix in C order, as a float32
/// ``Matrix``.
///
/// The format: the magic "\x93NUMPY", a major and minor version byte, the header length
/// (2 bytes little-endian in version 1, 4 bytes in versions 2 and 3), then a Python dict
/// literal such as `{'descr': '<f4', 'fortran_order': False, 'shape': (3000, 512), }`, then
/// the raw elements. A 1-D array of N values reads as an N×1 matrix.
enum NPYReader {
  /// The matrix in the file at `path`.
  ///
  /// - Complexity: O(elements); the file is read whole.
  static func readMatrix(path: String) throws -> Matrix {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DatasetError(
        path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot read" : "no such file")
    }
    return try data.withUnsafeBytes { raw in try parse(raw, path: path) }
  }

  static func parse(_ bytes: UnsafeRawBufferPointer, path: String) throws -> Matrix {
    func fail(_ reason: String) -> DatasetError { DatasetError(path: path, reason: reason) }
    let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw fail("not a .npy file (no \\x93NUMPY magic)") }
    let major = bytes[6]
    let (lengthBytes, headerStart): (Int, Int)
    switch major {
    case 1: (lengthBytes, headerStart) = (2, 10)
    case 2, 3: (lengthBytes, headerStart) = (4, 12)
    default: throw fail(".npy format version \(major).\(bytes[7]) is not supported (1, 2 or 3)")
    }
    guard bytes.count >= headerStart else { throw fail("truncated .npy header") }
    let headerLength = (0..<lengthBytes).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
    guard bytes.count >= headerStart + headerLength else { throw fail("truncated .npy header") }
    let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)

    guard let descr = value(of: "descr", in: header), descr.hasPrefix("'"), descr.hasSuffix("'"), descr.count >= 2
    else { throw fail("the .npy header has no 'descr': \(header.trimmingCharacters(in: .whitespacesAndNewlines))") }
    let type = String(descr.dropFirst().dropLast())
    let littleEndian: Bool
    let itemSize: Int
    switch type {
    case "<f4": (littleEndian, itemSize) = (true, 4)
    case "<f8": (littleEndian, itemSize) = (true, 8)
    case ">f4": (littleEndian, itemSize) = (false, 4)
    case ">f8": (littleEndian, itemSize) = (false, 8)
    default: throw fail("holds '\(type)' values; GlyphLab reads float32 ('<f4') or float64 ('<f8') matrices")
    }
    guard let order = value(of: "fortran_order", in: header) else {
      throw fail("the .npy header has no 'fortran_order'")
    }
    guard order == "False" else { throw fail("is in Fortran order; save it in C order (numpy.ascontiguousarray)") }
    guard let shapeText = value(of: "shape", in: header), shapeText.hasPrefix("("), shapeText.hasSuffix(")") else {
      throw fail("the .npy header has no 'shape'")
    }
    let dims = try shapeText.dropFirst().dropLast().split(separator: ",").map { part -> Int in
      guard let d = Int(part.trimmingCharacters(in: .whitespaces)), d >= 0 else {
        throw fail("bad .npy shape \(shapeText)")
      }
      return d
    }
    guard dims.count == 1 || dims.count == 2 else {
      throw fail("holds a \(dims.count)-D array of shape \(shapeText); expected a matrix [N, D]")
    }
    let rows = dims[0]
    let columns = dims.count == 2 ? dims[1] : 1
    let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
    guard !overflow else { throw fail("shape \(shapeText) is too large") }
    let dataStart = headerStart + headerLength
    let expected = count * itemSize
    guard bytes.count - dataStart == expected else {
      throw fail(
        "has \(bytes.count - dataStart) data bytes for shape \(shapeText) of \(type), expected \(expected)"
          + (bytes.count - dataStart < expected ? ": truncated?" : ""))
    }
    var values = [Float](repeating: 0, count: count)
    for i in 0..<count {
      let offset = dataStart + i * itemSize
      if itemSize == 4 {
        var bits = UInt32(0)
        for b in 0..<4 { bits |= UInt32(bytes[offset + b]) << (8 * b) }
        values[i] = Float(bitPattern: littleEndian ? bits : bits.byteSwapped)
      } else {
        var bits = UInt64(0)
        for b in 0..<8 { bits |= UInt64(bytes[offset + b]) << (8 * b) }
        values[i] = Float(Double(bitPattern: littleEndian ? bits : bits.byteSwapped))
      }
    }
    return try Matrix(rows: rows, columns: columns, elements: values)
  }

  /// The text of `key`'s value in a Python dict literal: a quoted string, a tuple or a bare
  /// word, or `nil` if the key is absent.
  static func value(of key: String, in header: String) -> String? {
    for quote in ["'", "\""] {
      guard let keyRange = header.range(of: "\(quote)\(key)\(quote)") else { continue }
      var rest = header[keyRange.upperBound...].drop { $0 == " " }
      guard rest.first == ":" else { return nil }
      rest = rest.dropFirst().drop { $0 == " " }
      guard let first = rest.first else { return nil }
      switch first {
      case "'", "\"":
        guard let end = rest.dropFirst().firstIndex(of: first) else { return nil }
        return String(rest[rest.startIndex...end])
      case "(":
        guard let end = rest.firstIndex(of: ")") else { return nil }
        return String(rest[rest.startIndex...end])
      default:
        return String(rest.prefix { $0 != "," && $0 != "}" }).trimmingCharacters(in: .whitespaces)
      }
    }
    return nil
  }
}
