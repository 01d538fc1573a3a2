import Crypto

/// SHA-256 fed in pieces, for hashing files and datasets without holding them in memory
/// (swift-crypto's `Crypto.SHA256`); gives the same digest as ``SHA256/digest(_:)`` of the
/// concatenated pieces.
///
/// - Complexity: O(n) in the bytes fed; memory O(1).
public struct SHA256Hasher {
  private var hasher = Crypto.SHA256()

  /// An empty hasher.
  public init() {}

  /// Feeds `bytes`.
  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    hasher.update(bufferPointer: bytes)
  }

  /// Feeds `text`'s UTF-8 bytes.
  public mutating func update(_ text: String) {
    hasher.update(data: Array(text.utf8))
  }

  /// The digest as 64 lowercase hex digits (the hasher is used up).
  public mutating func finalizeHex() -> String {
    SHA256.hex(Array(hasher.finalize()))
  }
}
