import CBZip2
import Foundation

/// Reads a whole .bz2 file with libbz2 (Unihan ships as `Unihan_*.txt.bz2`).
enum BZip2File {
  /// The decompressed bytes of `path`; throws naming the file if it is missing or corrupt.
  static func read(path: String) throws -> Data {
    guard let file = fopen(path, "rb") else {
      throw DatasetError(path: path, reason: "cannot open (\(String(cString: strerror(errno))))")
    }
    defer { fclose(file) }
    var status: Int32 = BZ_OK
    guard let handle = BZ2_bzReadOpen(&status, file, 0, 0, nil, 0), status == BZ_OK else {
      throw DatasetError(path: path, reason: "not a bzip2 file (libbz2 status \(status))")
    }
    defer { BZ2_bzReadClose(&status, handle) }
    var out = Data()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buffer.withUnsafeMutableBytes { raw in
        BZ2_bzRead(&status, handle, raw.baseAddress, Int32(raw.count))
      }
      if n > 0 { out.append(contentsOf: buffer[0..<Int(n)]) }
      if status == BZ_STREAM_END { break }
      guard status == BZ_OK else {
        throw DatasetError(path: path, reason: "corrupt or truncated bzip2 data (libbz2 status \(status))")
      }
    }
    return out
  }
}
