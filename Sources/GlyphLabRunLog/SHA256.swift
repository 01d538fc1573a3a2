import Crypto

/// SHA-256 for stable run ids, spec hashes and dataset keys: swift-crypto's implementation
/// (`Crypto.SHA256`, BoringSSL on Linux), with the two forms the run log uses.
public enum SHA256 {
  /// The 32-byte digest of `bytes`.
  ///
  /// - Complexity: O(n) in the message length.
  public static func digest<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
    Array(Crypto.SHA256.hash(data: Array(bytes)))
  }

  /// The digest of `text`'s UTF-8 bytes as 64 lowercase hex digits.
  public static func hex(_ text: String) -> String { hex(digest(Array(text.utf8))) }

  /// `bytes` as lowercase hex digits, two per byte.
  public static func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    var out = ""
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 15)])
    }
    return out
  }
}
