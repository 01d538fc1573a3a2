import Foundation
import GlyphLabImaging

/// Where a pretraining set's characters come from, in rank order (most useful first).
///
/// In a recipe's `characters:` mapping exactly one of these keys is given:
/// - `corpus: FILE.h5`: the classes of a dataset file that are single characters, in its
///   class order (the corpus's most frequent first);
/// - `corpus_recipe: FILE.yaml`: the classes that corpus recipe plans (the same classes,
///   without building the corpus);
/// - `text: [FILE, ...]`: the ideographs of UTF-8 text files, by frequency in the text;
/// - `unihan: Unihan_DictionaryLikeData.txt(.bz2)`: Unihan's `kFrequency` ideographs (5,090
///   characters ranked 1–5 by use in traditional-Chinese text), by rank, then code point;
/// - `list: "字…"`: the characters of a string, in order.
public enum CharacterSource: Sendable, Equatable {
  case corpusDataset(String)
  case corpusRecipe(String)
  case text([String])
  case unihan(String)
  case list(String)

  /// The recipe keys, one per case.
  public static let keys = ["corpus", "corpus_recipe", "text", "unihan", "list"]

  /// A sentence saying where the characters come from, for the dataset's provenance.
  public var description: String {
    switch self {
    case .corpusDataset(let path): "classes of the dataset \(path)"
    case .corpusRecipe(let path): "classes of the corpus recipe \(path)"
    case .text(let files): "ideographs of \(files.joined(separator: ", ")), by frequency"
    case .unihan(let path): "Unihan kFrequency ideographs (\(path)), by rank"
    case .list(let text): "the list \"\(text)\""
    }
  }

  /// The characters, unique, in rank order. Throws naming a file that cannot be read or
  /// holds no usable character.
  public func characters(fontDirectories: [String] = FontCatalog.defaultDirectories) throws -> [Unicode.Scalar] {
    var out: [Unicode.Scalar] = []
    var seen = Set<Unicode.Scalar>()
    func add(_ c: Unicode.Scalar) { if seen.insert(c).inserted { out.append(c) } }
    let origin: String
    switch self {
    case .corpusDataset(let path):
      origin = path
      for name in try GlyphDatasetReader(path: path).classes() { if let c = Self.single(name) { add(c) } }
    case .corpusRecipe(let path):
      origin = path
      let corpus = try AncientGlyphCorpus(recipe: try CorpusRecipe(path: path), fontDirectories: fontDirectories)
      for name in corpus.classes { if let c = Self.single(name) { add(c) } }
    case .text(let files):
      origin = files.joined(separator: ", ")
      let text = try CorpusText(files: files)
      var frequency: [Unicode.Scalar: Int] = [:]
      for c in text.characters { frequency[c, default: 0] += 1 }
      let ranked = frequency.sorted { ($0.value, $1.key.value) > ($1.value, $0.key.value) }
      for (c, _) in ranked { add(c) }
    case .unihan(let path):
      origin = path
      for c in try Self.unihanFrequency(path: path) { add(c) }
    case .list(let text):
      origin = "list"
      for c in text.unicodeScalars where !c.properties.isWhitespace { add(c) }
    }
    guard !out.isEmpty else { throw DatasetError(path: origin, reason: "gives no single characters to render") }
    return out
  }

  /// A class name that is one Unicode scalar, else nil.
  static func single(_ name: String) -> Unicode.Scalar? {
    let scalars = name.unicodeScalars
    return scalars.count == 1 ? scalars.first : nil
  }

  /// Unihan's kFrequency characters, by rank (1 most frequent) then code point.
  static func unihanFrequency(path: String) throws -> [Unicode.Scalar] {
    let data: Data
    if path.hasSuffix(".bz2") {
      data = try BZip2File.read(path: path)
    } else {
      guard let contents = FileManager.default.contents(atPath: path) else {
        throw DatasetError(path: path, reason: "cannot read the Unihan file")
      }
      data = contents
    }
    var ranked: [(rank: Int, scalar: Unicode.Scalar)] = []
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
      let parts = line.split(separator: "\t")
      guard parts.count >= 3, parts[1] == "kFrequency", let c = UnihanVariants.scalar(parts[0]),
        let rank = Int(parts[2].trimmingCharacters(in: .whitespaces))
      else { continue }
      ranked.append((rank, c))
    }
    guard !ranked.isEmpty else {
      throw DatasetError(path: path, reason: "no kFrequency records (expected Unihan_DictionaryLikeData.txt)")
    }
    return ranked.sorted { ($0.rank, $0.scalar.value) < ($1.rank, $1.scalar.value) }.map(\.scalar)
  }
}
