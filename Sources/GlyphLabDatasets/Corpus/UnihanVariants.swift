import Foundation

/// Character variants from Unihan (`Unihan_Variants.txt`, Debian's unicode-data package).
///
/// - `traditional`: a simplified character's traditional form, from kTraditionalVariant: the
///   first listed form other than the character itself (Unihan often lists the character too,
///   as in 时 → 时 時). Where several forms are listed (干 → 乾 幹 干) the choice is the first,
///   which is a simplification of real usage.
/// - `variants`: the other written forms of a character from the chosen fields (by default
///   kZVariant, kSemanticVariant and kSpecializedSemanticVariant), made symmetric: if A lists
///   B, B also gets A. Source tags such as `<kMatthews` are dropped.
public struct UnihanVariants: Sendable {
  /// Simplified → traditional.
  public var traditional: [Unicode.Scalar: Unicode.Scalar]
  /// Character → its other written forms, sorted by code point.
  public var variants: [Unicode.Scalar: [Unicode.Scalar]]

  /// The variant fields used by default.
  public static let defaultVariantFields = ["kZVariant", "kSemanticVariant", "kSpecializedSemanticVariant"]

  /// Reads `path` (.txt or .txt.bz2). Throws naming the file if it is missing, corrupt or has
  /// no variant records.
  public init(path: String, variantFields: [String] = defaultVariantFields) throws {
    let data: Data
    if path.hasSuffix(".bz2") {
      data = try BZip2File.read(path: path)
    } else {
      guard let contents = FileManager.default.contents(atPath: path) else {
        throw DatasetError(path: path, reason: "cannot read the Unihan file")
      }
      data = contents
    }
    let fields = Set(variantFields)
    var traditional: [Unicode.Scalar: Unicode.Scalar] = [:]
    var variantSets: [Unicode.Scalar: Set<Unicode.Scalar>] = [:]
    var records = 0
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
      if line.hasPrefix("#") { continue }
      let parts = line.split(separator: "\t")
      guard parts.count >= 3, let source = Self.scalar(parts[0]) else { continue }
      records += 1
      let targets = parts[2].split(separator: " ").compactMap { Self.scalar($0.split(separator: "<")[0]) }
      if parts[1] == "kTraditionalVariant" {
        if let first = targets.first(where: { $0 != source }) { traditional[source] = first }
      } else if fields.contains(String(parts[1])) {
        for target in targets where target != source {
          variantSets[source, default: []].insert(target)
          variantSets[target, default: []].insert(source)
        }
      }
    }
    guard records > 0 else {
      throw DatasetError(path: path, reason: "no Unihan variant records found")
    }
    self.traditional = traditional
    variants = variantSets.mapValues { $0.sorted { $0.value < $1.value } }
  }

  /// "U+90F7" → 郷.
  static func scalar(_ text: Substring) -> Unicode.Scalar? {
    guard text.hasPrefix("U+"), let value = UInt32(text.dropFirst(2), radix: 16) else { return nil }
    return Unicode.Scalar(value)
  }
}
