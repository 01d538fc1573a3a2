import GlyphLabCore
import GlyphLabImaging

/// Every decision about the corpus that does not need pixels, made up front and
/// deterministically from the seed: which characters, in which edition, in which written
/// form. Rendering then only executes the plan, so the result does not depend on threads.
struct CorpusPlan {
  /// One glyph to draw.
  struct Glyph {
    /// The class (index into ``classes``).
    var label: Int32
    /// The character drawn (the base character, or a variant form of it).
    var drawn: Unicode.Scalar
    /// The edition (index into the fonts).
    var font: Int32
    /// Whether `drawn` is a variant form.
    var isVariant: Bool
  }

  /// A page: its edition, its characters in reading order (columns right to left) and the
  /// characters of its side glosses, in the order they are placed (none unless the recipe
  /// has glosses).
  struct Page {
    var font: Int32
    var glyphs: [Glyph]
    var glosses: [Glyph] = []
  }

  var classes: [String]
  var glyphs: [Glyph]
  var pages: [Page]
  /// Editions actually used at least once, for the summary.
  var fontUse: [Int]
  /// Glyphs whose assigned edition lacked the character and fell back to another.
  var fallbacks: Int

  /// Builds the plan. `coverage(c)` lists the fonts that have a glyph for `c`.
  init(
    recipe: CorpusRecipe, text: CorpusText, unihan: UnihanVariants?, fontCount: Int,
    pageCapacity: Int, glossCapacity: Int = 0, coverage: (Unicode.Scalar) -> [Bool]
  ) throws {
    let root = SeededGenerator(seed: recipe.seed)
    var passages = root.derived("passages")
    let characters = text.characters
    let inText = Set(characters)

    // Variant forms that never occur as characters of their own in the text: drawing one
    // labelled with its base character then adds a shape, not a contradiction.
    var variantCache: [Unicode.Scalar: [Unicode.Scalar]] = [:]
    func variants(of c: Unicode.Scalar) -> [Unicode.Scalar] {
      if let cached = variantCache[c] { return cached }
      let list = (unihan?.variants[c] ?? []).filter { !inText.contains($0) && CorpusText.isIdeograph($0) }
      variantCache[c] = list
      return list
    }
    var coverageCache: [Unicode.Scalar: [Bool]] = [:]
    func fonts(for c: Unicode.Scalar) -> [Bool] {
      if let cached = coverageCache[c] { return cached }
      let value = coverage(c)
      coverageCache[c] = value
      return value
    }

    // Sequences of (base character, edition): passages of consecutive text, each one edition.
    func passage(length: Int) -> (font: Int, chars: [Unicode.Scalar]) {
      let start = passages.uniformInt(below: characters.count)
      let font = passages.uniformInt(below: fontCount)
      return (font, (0..<length).map { characters[(start + $0) % characters.count] })
    }
    var glyphSource: [(Unicode.Scalar, Int)] = []
    glyphSource.reserveCapacity(recipe.glyphs)
    while glyphSource.count < recipe.glyphs {
      let p = passage(length: min(recipe.passageLength, recipe.glyphs - glyphSource.count))
      glyphSource.append(contentsOf: p.chars.map { ($0, p.font) })
    }
    var pageSource: [(font: Int, chars: [Unicode.Scalar])] = []
    for _ in 0..<recipe.pages.count { pageSource.append(passage(length: pageCapacity)) }
    // Glosses: another passage per page, drawn after everything else, so a recipe without
    // glosses plans exactly what it did before they existed.
    var glossSource: [[Unicode.Scalar]] = []
    if glossCapacity > 0 {
      for _ in 0..<recipe.pages.count { glossSource.append(passage(length: glossCapacity).chars) }
    }

    // Classes: by frequency in the glyph set (most frequent first), then page-only characters.
    var frequency: [Unicode.Scalar: Int] = [:]
    for (c, _) in glyphSource { frequency[c, default: 0] += 1 }
    var ordered = frequency.keys.sorted {
      frequency[$0]! != frequency[$1]! ? frequency[$0]! > frequency[$1]! : $0.value < $1.value
    }
    let pageOnly = Set(pageSource.flatMap(\.chars) + glossSource.flatMap { $0 }).subtracting(frequency.keys).sorted {
      $0.value < $1.value
    }
    ordered.append(contentsOf: pageOnly)
    classes = ordered.map { String(Character($0)) }
    let classIndex = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1, Int32($0)) })

    var fontUse = [Int](repeating: 0, count: fontCount)
    var fallbacks = 0
    var choices = root.derived("forms")
    func glyph(_ c: Unicode.Scalar, edition: Int) throws -> Glyph {
      let available = fonts(for: c)
      // "Skip a font that lacks a glyph": the next edition (cyclically) that has it.
      guard let font = (0..<fontCount).lazy.map({ (edition + $0) % fontCount }).first(where: { available[$0] }) else {
        throw DatasetError(
          path: "editions",
          reason: "no edition has a glyph for \(Character(c)) (U+\(String(c.value, radix: 16, uppercase: true)))")
      }
      if font != edition { fallbacks += 1 }
      fontUse[font] += 1
      var drawn = c
      var isVariant = false
      if recipe.variantShare > 0, choices.uniformDouble() < recipe.variantShare {
        let forms = variants(of: c).filter { fonts(for: $0)[font] }
        if !forms.isEmpty {
          drawn = forms[choices.uniformInt(below: forms.count)]
          isVariant = true
        }
      }
      return Glyph(label: classIndex[c]!, drawn: drawn, font: Int32(font), isVariant: isVariant)
    }
    glyphs = try glyphSource.map { try glyph($0.0, edition: $0.1) }
    pages = try pageSource.map { page in
      Page(font: Int32(page.font), glyphs: try page.chars.map { try glyph($0, edition: page.font) })
    }
    for (p, chars) in glossSource.enumerated() {
      let edition = Int(pages[p].font)
      pages[p].glosses = try chars.map { try glyph($0, edition: edition) }
    }
    self.fontUse = fontUse
    self.fallbacks = fallbacks
  }
}
