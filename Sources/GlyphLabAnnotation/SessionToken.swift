/// The one-time token the server requires on every request: 128 random bits as hex, from
/// the system's secure generator (a credential, not an experimental choice, so not seeded).
public struct SessionToken: Sendable, Equatable {
  /// The token's text.
  public let value: String

  /// A new random token.
  public init() {
    var generator = SystemRandomNumberGenerator()
    value = (0..<2).map { _ in
      let word = String(generator.next(), radix: 16)
      return String(repeating: "0", count: 16 - word.count) + word
    }.joined()
  }

  /// A given token (tests).
  public init(_ value: String) { self.value = value }

  /// Whether `candidate` is the token, in time independent of where they differ.
  public func matches(_ candidate: some StringProtocol) -> Bool {
    let a = Array(value.utf8)
    let b = Array(candidate.utf8)
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for i in a.indices { difference |= a[i] ^ b[i] }
    return difference == 0
  }
}
