import Foundation
import GlyphLabConfig
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabImaging
import GlyphLabTestSupport
import Testing

/// The corpus needs Debian's fortunes-zh, unicode-data and CJK font packages (`make setup`).
let corpusMaterialInstalled =
  FileManager.default.fileExists(atPath: "/usr/share/games/fortunes/tang300")
  && FileManager.default.fileExists(atPath: "/usr/share/unicode/Unihan_Variants.txt.bz2")

@Suite("Ancient glyph corpus", .enabled(if: corpusMaterialInstalled))
struct AncientGlyphCorpusTests {
  static func smallRecipe(seed: UInt64 = 7) throws -> CorpusRecipe {
    var recipe = try CorpusRecipe(
      path: TestPaths.repository.appendingPathComponent("Datasets/ancient-glyphs.yaml").path)
    recipe.glyphs = 600
    recipe.seed = seed
    recipe.pages.count = 2
    return recipe
  }

  @Test func defaultRecipeReads() throws {
    let recipe = try CorpusRecipe(
      path: TestPaths.repository.appendingPathComponent("Datasets/ancient-glyphs.yaml").path)
    #expect(recipe.glyphs == 100_000)
    #expect(recipe.imageSize == 48)
    #expect(recipe.editions.count >= 10)
    #expect(recipe.degradation.inkBleed > 0)
  }

  @Test func rendersDeterministically() throws {
    let corpus = try AncientGlyphCorpus(recipe: try Self.smallRecipe())
    #expect(corpus.count == 600)
    let a = try corpus.renderGlyphs(0..<600)
    let b = try AncientGlyphCorpus(recipe: try Self.smallRecipe()).renderGlyphs(0..<600)
    #expect(a == b)
    // Rendering a sub-range gives the same pixels as the full render: per-glyph seeds.
    #expect(try corpus.renderGlyphs(100..<150) == a.slice(100..<150))
    let other = try AncientGlyphCorpus(recipe: try Self.smallRecipe(seed: 8)).renderGlyphs(0..<600)
    #expect(other != a)
    // Glyphs have ink, centred, and paper stays light.
    for i in stride(from: 0, to: 600, by: 37) {
      let image = a.image(i)
      let inked = image.count { $0 > 128 }
      #expect(inked > 20, "glyph \(i) has ink")
      #expect(inked < image.count / 2, "glyph \(i) is mostly paper")
    }
  }

  @Test func labelsFollowTheTextsLongTail() throws {
    let corpus = try AncientGlyphCorpus(recipe: try Self.smallRecipe())
    var counts = [Int](repeating: 0, count: corpus.classes.count)
    for label in corpus.labels { counts[Int(label)] += 1 }
    #expect(counts.first! >= counts.last!, "classes are ordered by frequency")
    #expect(counts.filter { $0 == 1 }.count > 10, "many singletons: a long tail")
    #expect(Set(corpus.fontGroups).count > 1, "several editions")
    #expect(corpus.classes.allSatisfy { $0.unicodeScalars.count == 1 })
  }

  @Test func variantFormsKeepTheBaseLabel() throws {
    var recipe = try Self.smallRecipe()
    recipe.variantShare = 1
    let corpus = try AncientGlyphCorpus(recipe: recipe)
    #expect(corpus.variantGroups.contains(1), "some characters have a drawable variant")
    recipe.variantShare = 0
    #expect(try AncientGlyphCorpus(recipe: recipe).variantGroups.allSatisfy { $0 == 0 })
  }

  @Test func pagesHaveBoxesInReadingOrder() throws {
    let corpus = try AncientGlyphCorpus(recipe: try Self.smallRecipe())
    let page = try corpus.renderPage(0)
    #expect(page.pixels.count == corpus.pageSize.height * corpus.pageSize.width)
    #expect(page.boxes.count == page.labels.count * 4)
    #expect(page.labels.count > 50)
    // The first character is in the rightmost column, at the top.
    let firstX = page.boxes[0]
    let lastX = page.boxes[page.boxes.count - 4]
    #expect(firstX > lastX, "columns are read right to left")
    if let preview = ProcessInfo.processInfo.environment["GLYPHLAB_PREVIEW"] {
      try PNGCodec.write(
        try PNGCodec.encode(
          GrayImage(width: corpus.pageSize.width, height: corpus.pageSize.height, pixels: page.pixels).inverted()),
        to: preview + "-page.png")
      let glyphs = try corpus.renderGlyphs(0..<256)
      var sheet = [UInt8](repeating: 0, count: 16 * 48 * 16 * 48)
      for i in 0..<256 {
        let image = Array(glyphs.image(i))
        for y in 0..<48 { for x in 0..<48 { sheet[((i / 16) * 48 + y) * 768 + (i % 16) * 48 + x] = image[y * 48 + x] } }
      }
      try PNGCodec.write(
        try PNGCodec.encode(GrayImage(width: 768, height: 768, pixels: sheet).inverted()), to: preview + "-glyphs.png")
    }
  }

  @Test func missingMaterialIsAnErrorNamingIt() throws {
    var recipe = try Self.smallRecipe()
    recipe.textFiles = ["/nonexistent/text.txt"]
    #expect(throws: DatasetError(path: "/nonexistent/text.txt", reason: "cannot read the text file")) {
      try AncientGlyphCorpus(recipe: recipe)
    }
    recipe = try Self.smallRecipe()
    recipe.unihanPath = "/nonexistent/Unihan_Variants.txt.bz2"
    #expect(throws: DatasetError.self) { try AncientGlyphCorpus(recipe: recipe) }
    recipe = try Self.smallRecipe()
    recipe.editions = ["No Such Font/Regular"]
    #expect(throws: DatasetError.self) { try AncientGlyphCorpus(recipe: recipe) }
  }

  @Test func unknownRecipeKeysAreRejectedWithTheirLine() throws {
    let yaml = "name: x\ndegradation:\n  ink_bleed: 0.2\n  inkbleed: 0.3\n"
    let node = try ConfigNode.parse(yaml, file: "recipe.yaml")
    do {
      _ = try CorpusRecipe(node: node)
      Issue.record("expected an error")
    } catch let error as CustomStringConvertible {
      #expect(error.description.contains("recipe.yaml:4"))
      #expect(error.description.contains("degradation.inkbleed"))
      #expect(error.description.contains("unknown key"))
    }
  }
}
