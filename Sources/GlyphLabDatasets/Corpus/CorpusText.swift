import Foundation

/// The characters of real classical Chinese text, in reading order: the source of the
/// corpus's long-tailed character distribution.
///
/// Reads UTF-8 files (by default fortunes-zh's tang300, song100 and chinese), strips ANSI
/// colour codes, and keeps only CJK ideographs (punctuation, Latin and digits are dropped).
public struct CorpusText: Sendable {
  /// The ideographs, in order.
  public var characters: [Unicode.Scalar]

  /// The default text: fortunes-zh, as Debian installs it.
  public static let defaultFiles = [
    "/usr/share/games/fortunes/tang300", "/usr/share/games/fortunes/song100",
    "/usr/share/games/fortunes/chinese",
  ]

  /// Reads and concatenates `files`. Throws naming a missing or non-UTF-8 file, or when the
  /// files hold no CJK text at all.
  public init(files: [String]) throws {
    var characters: [Unicode.Scalar] = []
    for path in files {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw DatasetError(path: path, reason: "cannot read the text file")
      }
      guard let text = String(data: data, encoding: .utf8) else {
        throw DatasetError(path: path, reason: "not UTF-8 text")
      }
      var inEscape = false
      for scalar in text.unicodeScalars {
        // ANSI colour codes: ESC [ … m
        if scalar == "\u{1B}" {
          inEscape = true
          continue
        }
        if inEscape {
          if scalar == "m" { inEscape = false }
          continue
        }
        if Self.isIdeograph(scalar) { characters.append(scalar) }
      }
    }
    guard !characters.isEmpty else {
      throw DatasetError(path: files.joined(separator: ", "), reason: "no CJK ideographs in the text")
    }
    self.characters = characters
  }

  init(characters: [Unicode.Scalar]) { self.characters = characters }

  /// The text with every character mapped to its traditional form where Unihan gives one.
  public func traditional(using unihan: UnihanVariants) -> CorpusText {
    CorpusText(characters: characters.map { unihan.traditional[$0] ?? $0 })
  }

  /// CJK Unified Ideographs, Extension A and the supplementary-plane extensions.
  public static func isIdeograph(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x3134F, 0xF900...0xFAFF: return true
    default: return false
    }
  }
}
