import Foundation
import GlyphLabCore
import GlyphLabImaging

/// A set of rendered training glyphs, planned from a ``RenderedGlyphRecipe``: every kept
/// character in every font that has it, ``RenderedGlyphRecipe/renderings`` times, the first
/// rendering clean (the reference), the others augmented. Synthetic and deterministic.
///
/// Loading resolves the fonts, reads the characters, drops excluded ones and those fewer than
/// `min_fonts` fonts draw (a font "has" a character when FreeType renders it with ink), and
/// keeps the first `limit` in rank order. Rendering is then parallel; the images of a
/// character × font pair depend only on the seed, the font's name and the character (not on
/// which other fonts or characters are in the set, nor on threads).
public struct RenderedGlyphSet: Sendable {
  /// One character × font pair.
  struct Pair {
    var character: Unicode.Scalar
    var label: Int32
    var font: Int32
    /// Whether `character` is another written form of its class's character.
    var isVariant = false
  }

  /// The recipe it was made from.
  public let recipe: RenderedGlyphRecipe
  /// The fonts, in recipe order.
  public let fonts: [FontFace]
  /// The class names (one character each), in rank order.
  public let classes: [String]
  /// Characters left out because fewer than `min_fonts` fonts draw them.
  public let uncoveredCharacters: [Unicode.Scalar]
  /// Characters left out by `exclude_classes_of`.
  public let excludedCount: Int
  /// Variant forms rendered (distinct characters; see ``RenderedGlyphRecipe/variants``).
  public let variantFormCount: Int
  let pairs: PairListBox

  /// Plans the set. Throws naming a font that is not installed, a character source that
  /// cannot be read, or a recipe that leaves no character to render.
  public init(recipe: RenderedGlyphRecipe, fontDirectories: [String] = FontCatalog.defaultDirectories) throws {
    self.recipe = recipe
    let fonts = try AncientGlyphCorpus.resolve(recipe.fonts, directories: fontDirectories)
    self.fonts = fonts
    var candidates = try recipe.characters.characters(fontDirectories: fontDirectories)
    var excluded = 0
    if let other = recipe.excludeClassesOf {
      let leaveOut = try Self.classes(of: other, fontDirectories: fontDirectories)
      let before = candidates.count
      candidates.removeAll { leaveOut.contains(String(Character($0))) }
      excluded = before - candidates.count
    }
    excludedCount = excluded

    // Coverage, in blocks until `limit` characters are kept.
    let limit = recipe.limit ?? Int.max
    let pixelSize = max(4, Int((Double(recipe.imageSize) * recipe.glyphScale).rounded()))
    var kept: [(Unicode.Scalar, [Int32])] = []
    var uncovered: [Unicode.Scalar] = []
    var start = 0
    while start < candidates.count && kept.count < limit {
      let block = Array(candidates[start..<min(candidates.count, start + 2048)])
      let coverage = try Self.coverage(block, fonts: fonts, pixelSize: pixelSize)
      for (c, list) in zip(block, coverage) where kept.count < limit {
        if list.count >= recipe.minimumFonts { kept.append((c, list)) } else { uncovered.append(c) }
      }
      start += block.count
    }
    guard !kept.isEmpty else {
      throw DatasetError(
        path: recipe.characters.description,
        reason:
          "no character is drawn by at least \(recipe.minimumFonts) of the fonts (\(recipe.fonts.joined(separator: ", ")))"
      )
    }
    uncoveredCharacters = uncovered
    classes = kept.map { String(Character($0.0)) }
    var list: [Pair] = []
    for (label, (c, covering)) in kept.enumerated() {
      for f in covering { list.append(Pair(character: c, label: Int32(label), font: f)) }
    }
    var variantForms = 0
    if let variants = recipe.variants {
      // Other forms of each class's character that are not classes themselves, in every
      // font that draws them, after all base pairs (so base rows keep their order).
      let table = try UnihanVariants(path: variants.unihanPath, variantFields: variants.fields)
      let classSet = Set(kept.map(\.0))
      var forms: [(form: Unicode.Scalar, label: Int32)] = []
      for (label, (c, _)) in kept.enumerated() {
        for v in table.variants[c] ?? [] where !classSet.contains(v) && CorpusText.isIdeograph(v) {
          forms.append((v, Int32(label)))
        }
      }
      var start = 0
      var drawn = Set<Unicode.Scalar>()
      while start < forms.count {
        let block = Array(forms[start..<min(forms.count, start + 2048)])
        let coverage = try Self.coverage(block.map(\.form), fonts: fonts, pixelSize: pixelSize)
        for (entry, covering) in zip(block, coverage) {
          for f in covering {
            list.append(Pair(character: entry.form, label: entry.label, font: f, isVariant: true))
          }
          if !covering.isEmpty { drawn.insert(entry.form) }
        }
        start += block.count
      }
      variantForms = drawn.count
    }
    variantFormCount = variantForms
    pairs = PairListBox(list)
  }

  /// The number of images.
  public var count: Int { pairs.value.count * recipe.renderings }
  /// The class of every image.
  public var labels: [Int32] { pairs.value.flatMap { repeatElement($0.label, count: recipe.renderings) } }
  /// The font (index into ``fonts``) of every image.
  public var fontGroups: [Int32] { pairs.value.flatMap { repeatElement($0.font, count: recipe.renderings) } }
  /// The written form each image draws within its class: 0 for the class's own character,
  /// k for its k-th variant form (in the order they are rendered), and the names of the
  /// values ("base form", "variant form 1", …).
  public var drawnForms: (values: [Int32], names: [String]) {
    var index: [Int32: [Unicode.Scalar: Int32]] = [:]
    var most: Int32 = 0
    var values: [Int32] = []
    values.reserveCapacity(count)
    for pair in pairs.value {
      var forms = index[pair.label, default: [:]]
      let value = forms[pair.character] ?? Int32(forms.count)
      forms[pair.character] = value
      index[pair.label] = forms
      most = max(most, value)
      values.append(contentsOf: repeatElement(value, count: recipe.renderings))
    }
    return (values, ["base form"] + (0..<Int(most)).map { "variant form \($0 + 1)" })
  }
  /// 0 for an image of a class's own character, 1 for one of its variant forms.
  public var variantGroups: [Int32] {
    pairs.value.flatMap { repeatElement(Int32($0.isVariant ? 1 : 0), count: recipe.renderings) }
  }
  /// 0 for the clean reference rendering of a character × font, 1 for an augmented one.
  public var renderingGroups: [Int32] {
    let one = [Int32(0)] + [Int32](repeating: 1, count: recipe.renderings - 1)
    return Array((0..<pairs.value.count).lazy.flatMap { _ in one })
  }
  /// The fonts' names, "Family Style" (as the corpus's `/groups/font` values).
  public var fontNames: [String] { fonts.map { "\($0.family) \($0.style)" } }
  /// The fonts and the characters' source, for the dataset's root attributes.
  public var provenance: DatasetProvenance {
    DatasetProvenance(faces: fonts, charactersSource: recipe.characters.description, recipe: recipe.yaml)
  }

  /// Renders images `range` on up to ``BLAS/threadCount`` threads.
  ///
  /// - Complexity: O(`range.count` × imageSize² × augmentation cost), plus one FreeType
  ///   rendering per character × font pair touched.
  public func renderGlyphs(_ range: Range<Int>) throws -> GlyphImages {
    let size = recipe.imageSize
    let pixelsPer = size * size
    let r = recipe.renderings
    var pixels = [UInt8](repeating: 0, count: range.count * pixelsPer)
    guard !range.isEmpty else { return try GlyphImages(count: 0, height: size, width: size, pixels: []) }
    let firstPair = range.lowerBound / r
    let lastPair = (range.upperBound - 1) / r
    let pairCount = lastPair - firstPair + 1
    let workers = max(1, min(BLAS.threadCount, pairCount / 16 + 1))
    let root = SeededGenerator(seed: recipe.seed).derived("rendered-glyphs")
    let pairs = self.pairs
    let fonts = self.fonts
    let recipe = self.recipe
    let augmentation = GlyphAugmentation(recipe.augmentation)
    let fontKeys = fonts.map { "\($0.family)/\($0.style)" }
    let failure = FirstError()
    pixels.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let out = buffer.baseAddress!
      Parallel.forEachWorker(workers) { w in
        do {
          let rasterizer = try CorpusRasterizer(fonts: fonts, degradation: .none, glyphScale: recipe.glyphScale)
          var p = firstPair + w
          while p <= lastPair {
            let pair = pairs.value[p]
            var unused = root
            let glyph = CorpusPlan.Glyph(
              label: pair.label, drawn: pair.character, font: pair.font, isVariant: pair.isVariant)
            let clean = rasterizer.draw(glyph, size: size, agePaper: false, generator: &unused).bytes()
            let pairStream = root.derived(fontKeys[Int(pair.font)]).derived(UInt64(pair.character.value))
            for k in 0..<r {
              let i = p * r + k
              guard range.contains(i) else { continue }
              var image = clean
              if k > 0 {
                var g = pairStream.derived(UInt64(k))
                augmentation.augmentPixels(&image, width: size, height: size, generator: &g)
              }
              let base = out + (i - range.lowerBound) * pixelsPer
              for q in 0..<pixelsPer { base[q] = image[q] }
            }
            p += workers
          }
        } catch {
          failure.record(error)
        }
      }
    }
    if let error = failure.error { throw error }
    return try GlyphImages(count: range.count, height: size, width: size, pixels: pixels)
  }

  /// For each character, the fonts that draw it with ink at `pixelSize`, in parallel.
  static func coverage(_ characters: [Unicode.Scalar], fonts: [FontFace], pixelSize: Int) throws -> [[Int32]] {
    var result = [[Int32]](repeating: [], count: characters.count)
    let workers = max(1, min(BLAS.threadCount, characters.count / 64 + 1))
    let failure = FirstError()
    result.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let out = buffer.baseAddress!
      Parallel.forEachWorker(workers) { w in
        do {
          let renderer = try GlyphRenderer(fonts: fonts)
          var i = w
          while i < characters.count {
            var list: [Int32] = []
            for f in fonts.indices where renderer.hasGlyph(characters[i], font: f) {
              if let bitmap = renderer.render(characters[i], font: f, pixelSize: pixelSize),
                CorpusRasterizer.inkBox(bitmap) != nil
              {
                list.append(Int32(f))
              }
            }
            out[i] = list
            i += workers
          }
        } catch {
          failure.record(error)
        }
      }
    }
    if let error = failure.error { throw error }
    return result
  }

  /// The classes of a dataset file (.h5) or of the corpus a recipe (.yaml) plans.
  static func classes(of path: String, fontDirectories: [String]) throws -> Set<String> {
    if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
      return Set(try AncientGlyphCorpus(recipe: try CorpusRecipe(path: path), fontDirectories: fontDirectories).classes)
    }
    return Set(try GlyphDatasetReader(path: path).classes())
  }
}

/// Shares the pair list across threads without copying it (it is never mutated).
final class PairListBox: @unchecked Sendable {
  let value: [RenderedGlyphSet.Pair]
  init(_ value: [RenderedGlyphSet.Pair]) { self.value = value }
}
