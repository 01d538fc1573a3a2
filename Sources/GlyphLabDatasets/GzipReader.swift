import CZlib
import Foundation

/// Reads a file that may be gzip-compressed, decompressing as it goes (zlib's gz* API reads
/// uncompressed files unchanged). Truncated or corrupt compressed data — a stream that
/// stops early, or a bad CRC — is an error naming the file, not a short read.
final class GzipReader {
  /// The file read.
  let path: String
  private let file: gzFile
  /// Bytes delivered so far.
  private(set) var offset = 0

  init(path: String) throws {
    self.path = path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw DatasetError(path: path, reason: "no such file")
    }
    guard !isDirectory.boolValue else { throw DatasetError(path: path, reason: "is a directory, expected a file") }
    guard let file = glyphlab_gzopen(path, "rb") else {
      throw DatasetError(path: path, reason: "cannot open: \(String(cString: strerror(errno)))")
    }
    self.file = file
    gzbuffer(file, 1 << 17)
  }

  deinit { gzclose(file) }

  /// Whether the file is gzip-compressed (known after the first read).
  var isCompressed: Bool { gzdirect(file) == 0 }

  /// Reads up to `buffer.count` bytes; fewer only at the end of the data.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    var total = 0
    while total < buffer.count {
      let want = UInt32(min(buffer.count - total, 1 << 30))
      let got = gzread(file, buffer.baseAddress?.advanced(by: total), want)
      if got < 0 { throw failure() }
      if got == 0 {
        // gzread reports a stream that ends early through gzerror, not its return value.
        var code: Int32 = 0
        _ = gzerror(file, &code)
        if code != Z_OK { throw failure() }
        break
      }
      total += Int(got)
    }
    offset += total
    return total
  }

  /// Exactly `count` bytes of `what`, or an error saying how many were there.
  ///
  /// Memory grows with the data actually read (in steps of up to 64 MiB), so a header that
  /// claims far more than the file holds is reported as truncated instead of allocating it.
  func readExactly(_ count: Int, what: String) throws -> [UInt8] {
    let start = offset
    let step = 64 << 20
    var bytes: [UInt8] = []
    while bytes.count < count {
      let want = min(step, count - bytes.count)
      let piece = try [UInt8](unsafeUninitializedCapacity: want) { buffer, initialized in
        initialized = try read(into: UnsafeMutableRawBufferPointer(buffer))
      }
      if bytes.isEmpty && piece.count == count { return piece }
      bytes += piece
      if piece.count < want { break }
    }
    guard bytes.count == count else {
      throw DatasetError(
        path: path,
        reason:
          "ends after \(bytes.count) of the \(count) bytes of \(what) (at byte \(start) of the\(isCompressed ? " decompressed" : "") data): truncated?"
      )
    }
    return bytes
  }

  /// Throws if any data follows (reading to the end also checks a gzip stream's CRC).
  func expectEnd(after what: String) throws {
    var byte: UInt8 = 0
    let extra = try withUnsafeMutableBytes(of: &byte) { try read(into: $0) }
    guard extra == 0 else {
      throw DatasetError(path: path, reason: "has more data after \(what) (at byte \(offset - 1)): corrupt header?")
    }
  }

  private func failure() -> DatasetError {
    var code: Int32 = 0
    let message = gzerror(file, &code).map { String(cString: $0) } ?? ""
    if code == Z_ERRNO { return DatasetError(path: path, reason: "read failed: \(String(cString: strerror(errno)))") }
    return DatasetError(
      path: path, reason: "corrupt gzip data: \(message.isEmpty ? "zlib error \(code)" : message)")
  }
}
