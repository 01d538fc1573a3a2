import Foundation

/// A fingerprint of a file's bytes for provenance: "fnv1a64:<16 hex digits>:<bytes>", the
/// 64-bit FNV-1a hash of the whole file and its length. It tells two different training
/// files apart; it is not a cryptographic hash.
public enum DatasetFingerprint {
  /// The fingerprint of the file at `path`, read in 4 MiB blocks.
  ///
  /// - Complexity: O(file size), constant memory.
  public static func of(path: String) throws -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw EncoderError.trainingData(path: path, reason: "cannot open the file to fingerprint it")
    }
    defer { try? handle.close() }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    var length = 0
    while true {
      let block: Data
      do {
        block = try handle.read(upToCount: 4 << 20) ?? Data()
      } catch {
        throw EncoderError.trainingData(path: path, reason: "cannot read the file to fingerprint it: \(error)")
      }
      if block.isEmpty { break }
      length += block.count
      block.withUnsafeBytes { bytes in
        for byte in bytes {
          hash ^= UInt64(byte)
          hash = hash &* 0x100_0000_01b3
        }
      }
    }
    let hex = String(hash, radix: 16)
    return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex + ":\(length)"
  }
}
