import Foundation
import GlyphLabConfig
import GlyphLabCore
import GlyphLabTestSupport
import Testing

@testable import GlyphLabDatasets

/// The corpus page renderer's realistic effects (`pages.scan`, `pages.layout`): each knob
/// parses and rejects bad values naming its key, each effect changes the page only where it
/// should, pages are deterministic, and a recipe without the knobs renders what it did
/// before they existed.
@Suite("Realistic page effects", .enabled(if: corpusMaterialInstalled))
struct PageEffectsTests {
  /// One small clean page (no damage, so an effect's pixels can be compared exactly):
  /// 320 × 400, 4 columns of 68-pixel characters.
  static func smallRecipe(seed: UInt64 = 3) throws -> CorpusRecipe {
    var recipe = try CorpusRecipe(
      path: TestPaths.repository.appendingPathComponent("Datasets/ancient-glyphs.yaml").path)
    recipe.seed = seed
    recipe.glyphs = 20
    recipe.degradation = .none
    recipe.pages.count = 1
    recipe.pages.width = 320
    recipe.pages.height = 400
    recipe.pages.columns = 4
    recipe.pages.margin = 24
    return recipe
  }

  static func compose(_ recipe: CorpusRecipe, page: Int = 0) throws -> ComposedPage {
    try AncientGlyphCorpus(recipe: recipe).composePage(page)
  }

  static func parse(_ pages: String) throws -> PageRecipe {
    try CorpusRecipe(node: try ConfigNode.parse("name: x\npages:\n" + pages, file: "recipe.yaml")).pages
  }

  /// FNV-1a over a rendered page's pixels, boxes and labels.
  static func fingerprint(_ page: (pixels: [UInt8], boxes: [Int32], labels: [Int32])) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    func add(_ byte: UInt8) {
      h ^= UInt64(byte)
      h = h &* 0x100_0000_01b3
    }
    for b in page.pixels { add(b) }
    for v in page.boxes + page.labels { withUnsafeBytes(of: v.littleEndian) { $0.forEach(add) } }
    return h
  }

  // MARK: Recipe keys

  @Test func everyKnobParses() throws {
    let pages = try Self.parse(
      """
        scan:
          border: 0.5
          border_width: 0.7
          binding_shadow: 0.4
          shadow_width: 0.2
          paper_tone: 0.3
        layout:
          column_jitter: 0.25
          touching: 0.6
          glosses: 0.2
          gloss_scale: 0.5
          gloss_boxes: true
          illustrations: 0.3
          seals: 0.4
      """)
    #expect(pages.scan.border == 0.5)
    #expect(pages.scan.borderWidth == 0.7)
    #expect(pages.scan.bindingShadow == 0.4)
    #expect(pages.scan.shadowWidth == 0.2)
    #expect(pages.scan.paperTone == 0.3)
    #expect(pages.layout.columnJitter == 0.25)
    #expect(pages.layout.touching == 0.6)
    #expect(pages.layout.glosses == 0.2)
    #expect(pages.layout.glossScale == 0.5)
    #expect(pages.layout.glossBoxes)
    #expect(pages.layout.illustrations == 0.3)
    #expect(pages.layout.seals == 0.4)
  }

  @Test(
    arguments: [
      ("scan", "border", "1.5"), ("scan", "border_width", "-0.1"), ("scan", "binding_shadow", "2"),
      ("scan", "shadow_width", "0"), ("scan", "paper_tone", "1.01"), ("layout", "column_jitter", "0.6"),
      ("layout", "touching", "-1"), ("layout", "glosses", "3"), ("layout", "gloss_scale", "0.9"),
      ("layout", "gloss_boxes", "maybe"), ("layout", "illustrations", "1.2"), ("layout", "seals", "x"),
      ("scan", "borders", "0.5"), ("layout", "gloss", "0.5"),
    ])
  func badValuesAreErrorsNamingTheKey(section: String, key: String, value: String) throws {
    do {
      _ = try Self.parse("  \(section):\n    \(key): \(value)\n")
      Issue.record("pages.\(section).\(key): \(value) was accepted")
    } catch let error as ConfigError {
      #expect(error.description.contains("pages.\(section).\(key)"), "\(error.description)")
      #expect(error.description.contains("recipe.yaml:4"), "\(error.description)")
    }
  }

  @Test func aLayoutThatLeavesNoRoomIsAnError() throws {
    #expect(throws: ConfigError.self) {
      _ = try Self.parse(
        "  width: 100\n  margin: 10\n  columns: 10\n  layout:\n    column_jitter: 0.5\n    glosses: 0.5\n")
    }
  }

  @Test func everyEffectIsOffByDefault() throws {
    let pages = PageRecipe()
    #expect(pages.scan.border == 0 && pages.scan.bindingShadow == 0 && pages.scan.paperTone == 0)
    let l = pages.layout
    #expect(l.columnJitter == 0 && l.touching == 0 && l.glosses == 0 && l.illustrations == 0 && l.seals == 0)
    #expect(!l.glossBoxes)
    let committed = try CorpusRecipe(
      path: TestPaths.repository.appendingPathComponent("Datasets/ancient-glyphs.yaml").path)
    #expect(committed.pages.scan == PageScanEffects())
    #expect(committed.pages.layout == PageLayoutEffects())
    #expect(PageGeometry(recipe: committed.pages).size == PageGeometry(recipe: committed.pages).pitch)
  }

  @Test func withoutSwitchesOffOneEffect() throws {
    var pages = PageRecipe()
    pages.scan = PageScanEffects()
    pages.scan.border = 1
    pages.scan.bindingShadow = 1
    pages.scan.paperTone = 1
    pages.layout.columnJitter = 0.2
    pages.layout.touching = 1
    pages.layout.glosses = 1
    pages.layout.illustrations = 1
    pages.layout.seals = 1
    for effect in PageEffect.allCases {
      let off = pages.without(effect)
      let knobs = [
        off.scan.border, off.scan.bindingShadow, off.scan.paperTone, off.layout.illustrations, off.layout.seals,
        off.layout.glosses, off.layout.columnJitter, off.layout.touching,
      ]
      #expect(knobs.filter { $0 == 0 }.count == 1, "\(effect)")
    }
    #expect(pages.without(.columnPitch).layout.columnJitter == 0)
    #expect(pages.without(.glosses).layout.glosses == 0)
  }

  @Test func anAblationKeepsTheCharacterSizeAndRows() throws {
    var recipe = try Self.smallRecipe()
    recipe.pages.layout.glosses = 0.5
    recipe.pages.layout.columnJitter = 0.2
    let on = PageGeometry(recipe: recipe.pages)
    for effect in [PageEffect.glosses, .columnPitch, .seals] {
      let off = recipe.pages.without(effect)
      #expect(PageGeometry(recipe: off).size == on.size && PageGeometry(recipe: off).rows == on.rows, "\(effect)")
    }
    var plain = recipe
    plain.pages.layout = PageLayoutEffects()
    #expect(PageGeometry(recipe: plain.pages).size > on.size, "left to itself the size grows back")
    // Without glosses the pinned size leaves the lane empty: same main boxes' sizes, no gloss.
    recipe.pages = recipe.pages.without(.glosses)
    let page = try Self.compose(recipe)
    let glosses = page.boxes.filter(\.isGloss).count
    #expect(glosses == 0)
    #expect(page.boxes.allSatisfy { $0.rect.w <= on.size && $0.rect.h <= on.size })
  }

  @Test func characterSizeParsesAndMustFit() throws {
    #expect(try Self.parse("  character_size: 50\n").characterSize == 50)
    #expect(try Self.parse("  columns: 8\n").characterSize == nil)
    for bad in ["  character_size: 4\n", "  columns: 8\n  character_size: 90\n"] {
      do {
        _ = try Self.parse(bad)
        Issue.record("accepted \(bad)")
      } catch let error as ConfigError {
        #expect(error.description.contains("pages.character_size"), "\(error.description)")
      }
    }
  }

  // MARK: Defaults unchanged

  /// The default recipe's pages (two, seed 7, 50 glyphs, the recipe's damage), rendered
  /// with every effect off. Recorded when the effects were added; that the default output did
  /// not change then was checked on the whole default corpus: built with the effects' code,
  /// its SHA-256 over /classes, /groups, /images, /labels and /pages (InputFingerprint) is
  /// 5441c711…6032d, the Datasets/ancient-glyphs.h5 that Reports/detection-real.h5 and
  /// Reports/headline.h5 were run on. Fonts from other package versions would change it.
  static let defaultPageFingerprints: [UInt64] = [15_000_995_095_531_264_638, 631_737_856_881_234_027]

  @Test func theDefaultRecipeRendersThePagesItDidBefore() throws {
    var recipe = try CorpusRecipe(
      path: TestPaths.repository.appendingPathComponent("Datasets/ancient-glyphs.yaml").path)
    recipe.seed = 7
    recipe.glyphs = 50
    recipe.pages.count = 2
    let corpus = try AncientGlyphCorpus(recipe: recipe)
    let prints = try (0..<2).map { Self.fingerprint(try corpus.renderPage($0)) }
    #expect(prints == Self.defaultPageFingerprints, "\(prints.map { String($0, radix: 16) })")
  }

  @Test func companionKnobsDoNothingWhileTheirEffectIsOff() throws {
    let base = try Self.smallRecipe()
    var other = base
    other.pages.scan.borderWidth = 0.3
    other.pages.scan.shadowWidth = 0.4
    other.pages.layout.glossScale = 0.35
    other.pages.layout.glossBoxes = true
    let a = try AncientGlyphCorpus(recipe: base)
    let b = try AncientGlyphCorpus(recipe: other)
    #expect(try a.renderPage(0) == b.renderPage(0))
    #expect(a.classes == b.classes)
  }

  // MARK: Each effect, where expected

  @Test func theBorderDarkensOnlyTheMargins() throws {
    let base = try Self.smallRecipe()
    var recipe = base
    recipe.pages.scan.border = 1
    let clean = try Self.compose(base)
    let framed = try Self.compose(recipe)
    let w = base.pages.width
    let h = base.pages.height
    let margin = base.pages.margin
    var edgeInk = 0
    for y in 0..<h {
      for x in 0..<w {
        let i = y * w + x
        let depth = min(x, y, w - 1 - x, h - 1 - y)
        if depth >= margin { #expect(framed.pixels[i] == clean.pixels[i]) }
        #expect(framed.pixels[i] >= clean.pixels[i])
        if depth == 0 && framed.pixels[i] > 150 { edgeInk += 1 }
      }
    }
    #expect(edgeInk > min(w, h) / 2, "a dark edge along at least one side")
    #expect(framed.boxes.map(\.rect) == clean.boxes.map(\.rect))
  }

  @Test func theBindingShadowDarkensOneVerticalEdge() throws {
    let base = try Self.smallRecipe()
    var recipe = base
    recipe.pages.scan.bindingShadow = 0.8
    recipe.pages.scan.shadowWidth = 0.1
    let clean = try Self.compose(base)
    let shaded = try Self.compose(recipe)
    let w = base.pages.width
    var changedColumns = Set<Int>()
    for i in clean.pixels.indices {
      #expect(shaded.pixels[i] >= clean.pixels[i])
      if shaded.pixels[i] != clean.pixels[i] { changedColumns.insert(i % w) }
    }
    let band = Int((0.1 * Double(w)).rounded(.up))
    #expect(!changedColumns.isEmpty)
    let onLeft = changedColumns.allSatisfy { $0 < band }
    let onRight = changedColumns.allSatisfy { $0 >= w - band }
    #expect(onLeft != onRight, "one edge only")
    // The darkest column is the page's edge.
    let edge = onLeft ? 0 : w - 1
    let inner = onLeft ? band / 2 : w - 1 - band / 2
    let mean = { (x: Int) in (0..<base.pages.height).reduce(0) { $0 + Int(shaded.pixels[$1 * w + x]) } }
    #expect(mean(edge) > mean(inner))
  }

  @Test func paperToneDarkensTheWholePageUnevenly() throws {
    let base = try Self.smallRecipe()
    var recipe = base
    recipe.pages.scan.paperTone = 0.3
    let clean = try Self.compose(base)
    let toned = try Self.compose(recipe)
    var paper: [UInt8] = []
    for i in clean.pixels.indices {
      #expect(toned.pixels[i] >= clean.pixels[i])
      if clean.pixels[i] == 0 { paper.append(toned.pixels[i]) }
    }
    #expect(paper.allSatisfy { $0 <= UInt8(0.3 * 255 + 1) })
    #expect((paper.max() ?? 0) - (paper.min() ?? 0) > 10, "the tone varies across the page")
    #expect(toned.boxes.map(\.rect) == clean.boxes.map(\.rect))
  }

  @Test func anIllustrationReplacesCharactersAndHasNoBox() throws {
    let base = try Self.smallRecipe()
    var recipe = base
    recipe.pages.layout.illustrations = 1
    let clean = try Self.compose(base)
    let page = try Self.compose(recipe)
    let region = try #require(page.illustrations.first)
    #expect(page.illustrations.count == 1)
    #expect(page.boxes.allSatisfy { !$0.rect.intersects(region) })
    #expect(page.boxes.count < clean.boxes.count, "characters were replaced")
    var inked = 0
    var outsideChanged = 0
    let w = base.pages.width
    for i in page.pixels.indices {
      let inside = ComposedPage.Rect(x: i % w, y: i / w, w: 1, h: 1).intersects(region)
      if inside && page.pixels[i] > 128 { inked += 1 }
      if !inside && page.pixels[i] != clean.pixels[i] { outsideChanged += 1 }
    }
    #expect(inked > region.w * region.h / 50, "the region holds a drawing")
    #expect(outsideChanged == 0, "nothing changes outside the region")
    // The characters left keep their boxes.
    let kept = Set(page.boxes.map { [$0.rect.x, $0.rect.y, $0.rect.w, $0.rect.h] })
    #expect(kept.isSubset(of: Set(clean.boxes.map { [$0.rect.x, $0.rect.y, $0.rect.w, $0.rect.h] })))
  }

  @Test func aSealIsGreyInkInItsSquareAndHasNoBox() throws {
    let base = try Self.smallRecipe()
    var recipe = base
    recipe.pages.layout.seals = 1
    let clean = try Self.compose(base)
    let page = try Self.compose(recipe)
    let seal = try #require(page.seals.first)
    #expect(page.boxes.map(\.rect) == clean.boxes.map(\.rect), "characters under it keep their boxes")
    let w = base.pages.width
    var stamped = 0
    for i in page.pixels.indices where page.pixels[i] != clean.pixels[i] {
      #expect(ComposedPage.Rect(x: i % w, y: i / w, w: 1, h: 1).intersects(seal))
      #expect(page.pixels[i] <= 154, "grey, not black")
      stamped += 1
    }
    #expect(stamped > seal.w * seal.h / 10)
  }

  @Test func glossesAreSmallBoxesBesideTheMainCharacters() throws {
    var recipe = try Self.smallRecipe()
    recipe.pages.layout.glosses = 0.5
    recipe.pages.layout.glossBoxes = true
    let page = try Self.compose(recipe)
    let glosses = page.boxes.filter(\.isGloss).map(\.rect)
    let main = page.boxes.filter { !$0.isGloss }.map(\.rect)
    #expect(glosses.count > 5)
    for g in glosses {
      #expect(g.x >= 0 && g.y >= 0 && g.x + g.w <= recipe.pages.width && g.y + g.h <= recipe.pages.height)
      #expect(main.allSatisfy { !$0.intersects(g) }, "gloss \(g) overlaps a main box")
      #expect(max(g.w, g.h) <= Int(0.5 * Double(PageGeometry(recipe: recipe.pages).size)) + 1)
    }
    let corpus = try AncientGlyphCorpus(recipe: recipe)
    #expect(try corpus.renderPage(0).labels.count == page.boxes.count)
    recipe.pages.layout.glossBoxes = false
    let unboxed = try AncientGlyphCorpus(recipe: recipe).renderPage(0)
    #expect(unboxed.labels.count == main.count, "glosses without boxes, as in the PMJT sample")
    #expect(unboxed.pixels == (try corpus.renderPage(0)).pixels)
  }

  @Test func unevenColumnPitchKeepsColumnsApart() throws {
    let base = try Self.smallRecipe()
    var recipe = base
    recipe.pages.layout.columnJitter = 0.3
    let page = try Self.compose(recipe)
    let geometry = PageGeometry(recipe: recipe.pages)
    #expect(geometry.size < geometry.pitch)
    var g: SeededGenerator? = SeededGenerator(seed: 1)
    let edges = geometry.boundaries(columns: 4, jitter: &g)
    let widths = zip(edges.dropFirst(), edges).map { $0 - $1 }
    #expect(widths.allSatisfy { $0 >= geometry.narrowest })
    #expect(Set(widths).count > 1, "uneven")
    #expect(edges.last! <= geometry.left + 4 * geometry.pitch)
    // Box centres per column (every `rows` boxes): the gaps between columns differ.
    let rows = geometry.rows
    let centres = stride(from: 0, to: page.boxes.count, by: rows).map { k in
      let column = page.boxes[k..<min(page.boxes.count, k + rows)].map { Double($0.rect.x) + Double($0.rect.w) / 2 }
      return column.reduce(0, +) / Double(column.count)
    }
    let gaps = zip(centres, centres.dropFirst()).map { $0 - $1 }
    #expect(gaps.allSatisfy { $0 > Double(geometry.size) * 0.8 }, "\(gaps)")
    #expect((gaps.max() ?? 0) - (gaps.min() ?? 0) > 3, "\(gaps)")
    for (i, a) in page.boxes.enumerated() {
      for b in page.boxes[(i + 1)...] { #expect(!a.rect.intersects(b.rect)) }
    }
  }

  @Test func touchingCharactersMeetTheOneAbove() throws {
    let base = try Self.smallRecipe()
    var recipe = base
    recipe.pages.layout.touching = 1
    func gaps(_ page: ComposedPage) -> [Int] {
      let rows = PageGeometry(recipe: base.pages).rows
      var out: [Int] = []
      for k in 1..<page.boxes.count where k % rows != 0 {
        let above = page.boxes[k - 1].rect
        out.append(page.boxes[k].rect.y - (above.y + above.h))
      }
      return out
    }
    let clean = gaps(try Self.compose(base))
    let touching = gaps(try Self.compose(recipe))
    #expect(clean.filter { $0 <= 0 }.count * 4 < clean.count, "separate characters leave gaps")
    #expect(touching.allSatisfy { $0 <= 0 }, "\(touching)")
    #expect(touching.contains { $0 < 0 }, "some overlap a little")
    #expect(touching.allSatisfy { $0 >= -Int(0.08 * 68) })
  }

  // MARK: Determinism

  static func everythingOn(seed: UInt64) throws -> CorpusRecipe {
    var recipe = try smallRecipe(seed: seed)
    recipe.pages.count = 2
    recipe.pages.scan.border = 1
    recipe.pages.scan.bindingShadow = 0.6
    recipe.pages.scan.paperTone = 0.2
    recipe.pages.layout.columnJitter = 0.2
    recipe.pages.layout.touching = 0.4
    recipe.pages.layout.glosses = 0.3
    recipe.pages.layout.glossBoxes = true
    recipe.pages.layout.illustrations = 1
    recipe.pages.layout.seals = 1
    recipe.degradation = Degradation(blur: 0.5, noise: 0.04, paperTexture: 0.5)
    return recipe
  }

  @Test func theSameSeedDrawsTheSamePages() throws {
    let a = try AncientGlyphCorpus(recipe: try Self.everythingOn(seed: 5))
    let b = try AncientGlyphCorpus(recipe: try Self.everythingOn(seed: 5))
    let c = try AncientGlyphCorpus(recipe: try Self.everythingOn(seed: 6))
    for p in 0..<2 {
      let pa = try a.renderPage(p)
      #expect(pa == (try b.renderPage(p)))
      #expect(pa.pixels != (try c.renderPage(p)).pixels)
    }
    #expect(a.classes == b.classes)
  }
}
