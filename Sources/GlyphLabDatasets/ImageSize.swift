/// A target image size for importers.
public struct ImageSize: Sendable, Equatable, Hashable, CustomStringConvertible {
  /// Height and width in pixels, both positive.
  public let height: Int
  public let width: Int

  /// A size; throws unless both sides are positive.
  public init(height: Int, width: Int) throws {
    guard height > 0, width > 0 else {
      throw DatasetError(path: "", reason: "image size \(width)x\(height): both sides must be positive")
    }
    self.height = height
    self.width = width
  }

  /// Parses "64" (64×64) or "WIDTHxHEIGHT" such as "64x48"; `nil` if malformed or not positive.
  public init?(parsing text: String) {
    let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), let first = Int(parts[0]) else { return nil }
    let second = parts.count == 2 ? Int(parts[1]) : first
    guard let second, first > 0, second > 0 else { return nil }
    height = second
    width = first
  }

  /// "WIDTHxHEIGHT", e.g. "64x48".
  public var description: String { "\(width)x\(height)" }
}
