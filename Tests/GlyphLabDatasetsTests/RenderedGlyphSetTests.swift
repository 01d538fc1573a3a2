import Foundation
import GlyphLabConfig
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabImaging
import GlyphLabTestSupport
import Testing

/// The two small-test fonts (fonts-wqy-microhei, fonts-morisawa-bizud-mincho; `make setup`).
let pretrainingFontsInstalled =
  FileManager.default.fileExists(atPath: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
  && FileManager.default.fileExists(atPath: "/usr/share/fonts/truetype/bizud-mincho/BIZUDMincho-Regular.ttf")

@Suite("Rendered glyph recipe")
struct RenderedGlyphRecipeTests {
  static let reservedPackages = [
    "fonts-cns11643-kai", "fonts-cns11643-sung", "fonts-lxgw-wenkai", "fonts-arphic-bkai00mp",
    "fonts-arphic-bsmi00lp", "fonts-cwtex-ming",
  ]
  static let reservedFamilies = [
    "TW-Kai", "TW-Sung", "LXGW WenKai", "AR PL KaitiM Big5", "AR PL Mingti2L Big5", "cwTeXMing",
  ]

  static func parse(_ yaml: String) throws -> RenderedGlyphRecipe {
    try RenderedGlyphRecipe(node: try ConfigNode.parse(yaml, file: "recipe.yaml"), baseDirectory: "/base")
  }

  @Test func defaultRecipeReads() throws {
    let path = TestPaths.repository.appendingPathComponent("Datasets/rendered-glyphs.yaml").path
    let recipe = try RenderedGlyphRecipe(path: path)
    #expect(recipe.imageSize == 48 && recipe.renderings == 3)
    #expect(recipe.fonts == RenderedGlyphRecipe.defaultFonts)
    #expect(Set(recipe.fonts.map { $0.split(separator: "/")[0] }).count == 15, "fifteen distinct families")
    #expect(recipe.variants == VariantForms(), "variant forms from Unihan's default fields")
    #expect(
      recipe.characters
        == .corpusRecipe(TestPaths.repository.appendingPathComponent("Datasets/ancient-glyphs.yaml").path))
    #expect(recipe.augmentation.elastic > 0 && recipe.augmentation.damage.inkBleed > 0)
    #expect(recipe.yaml.contains("renderings"))
  }

  @Test func defaultsLeakNoCorpusOrHeldOutFamily() throws {
    let corpus = try CorpusRecipe(
      path: TestPaths.repository.appendingPathComponent("Datasets/ancient-glyphs.yaml").path)
    let corpusFamilies = Set(corpus.editions.map { String($0.split(separator: "/")[0]) })
    for font in RenderedGlyphRecipe.defaultFonts {
      let family = String(font.split(separator: "/")[0])
      #expect(!corpusFamilies.contains(family), "\(family) is a corpus edition")
      #expect(!Self.reservedFamilies.contains(family), "\(family) is reserved")
    }
    // The reserved packages are only in the held-out list, which lists exactly them.
    func packages(_ file: String) throws -> [String] {
      try String(contentsOf: TestPaths.repository.appendingPathComponent(file), encoding: .utf8)
        .split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap {
          $0.split(separator: " ").first.map(String.init)
        }
    }
    let apt = try packages("Scripts/apt-packages.txt")
    #expect(Self.reservedPackages.allSatisfy { !apt.contains($0) })
    #expect(Set(try packages("Scripts/apt-heldout-packages.txt")) == Set(Self.reservedPackages))
    let heldout = try CorpusRecipe(
      path: TestPaths.repository.appendingPathComponent("Datasets/ancient-glyphs-heldout.yaml").path)
    #expect(Set(heldout.editions.map { String($0.split(separator: "/")[0]) }) == Set(Self.reservedFamilies))
    #expect(heldout.degradation == corpus.degradation && heldout.textFiles == corpus.textFiles)
  }

  @Test func parsesEveryKey() throws {
    let recipe = try Self.parse(
      """
      name: tiny
      seed: 5
      image_size: 32
      glyph_scale: 0.7
      characters:
        text: [a.txt, /abs/b.txt]
        limit: 10
        exclude_classes_of: corpus.h5
        min_fonts: 2
      fonts: [A/Regular, B/Bold]
      renderings: 2
      augmentation:
        rotation: 2
        thickening: 1
      degradation:
        noise: 0.1
      """)
    #expect(recipe.name == "tiny" && recipe.seed == 5 && recipe.imageSize == 32 && recipe.glyphScale == 0.7)
    #expect(recipe.characters == .text(["/base/a.txt", "/abs/b.txt"]))
    #expect(recipe.limit == 10 && recipe.excludeClassesOf == "/base/corpus.h5" && recipe.minimumFonts == 2)
    #expect(recipe.fonts == ["A/Regular", "B/Bold"] && recipe.renderings == 2)
    #expect(recipe.augmentation.rotation == 2 && recipe.augmentation.thickening == 1)
    #expect(recipe.augmentation.damage.noise == 0.1)
    #expect(try Self.parse("characters:\n  list: 之人\n").characters == .list("之人"))
    #expect(try Self.parse("characters:\n  unihan: u.txt\n").characters == .unihan("/base/u.txt"))
    #expect(try Self.parse("characters:\n  corpus: c.h5\n").characters == .corpusDataset("/base/c.h5"))
    let forms = try #require(try Self.parse("variants:\n  unihan: u.txt\n  fields: [kZVariant]\n").variants)
    #expect(forms.unihanPath == "/base/u.txt" && forms.fields == ["kZVariant"])
    #expect(try Self.parse("name: x\n").variants == nil)
  }

  @Test(arguments: [
    ("nmae: x\n", "recipe.yaml:1", "unknown key"),
    ("characters:\n  list: 之\n  limt: 3\n", "recipe.yaml:3", "characters.limt"),
    ("augmentation:\n  rotaton: 3\n", "recipe.yaml:2", "augmentation.rotaton"),
    ("degradation:\n  inkbleed: 3\n", "recipe.yaml:2", "degradation.inkbleed"),
    ("renderings: 0\n", "recipe.yaml:1", "renderings"),
    ("variants:\n  feilds: [kZVariant]\n", "recipe.yaml:2", "variants.feilds"),
    ("variants:\n  fields: []\n", "recipe.yaml:2", "at least one Unihan variant field"),
    ("image_size: big\n", "recipe.yaml:1", "image_size"),
    ("fonts: []\n", "recipe.yaml:1", "at least one font"),
    ("fonts: [A/B, A/B]\n", "recipe.yaml:1", "listed twice"),
    ("characters:\n  list: 之\n  text: [a]\n", "recipe.yaml:2", "give one source of characters, not"),
    ("characters:\n  limit: 3\n", "recipe.yaml:2", "give one source"),
    ("characters:\n  list: \"  \"\n", "recipe.yaml:2", "empty"),
    ("characters:\n  list: 之\n  min_fonts: 3\nfonts: [A/B]\n", "recipe.yaml:2", "min_fonts"),
    ("augmentation:\n  damage:\n    noise: 0.1\ndegradation:\n  noise: 0.1\n", "recipe.yaml:5", "once"),
  ])
  func badRecipesAreErrorsNamingFileLineAndKey(yaml: String, location: String, words: String) {
    #expect {
      try Self.parse(yaml)
    } throws: { error in
      let text = "\(error)"
      return text.contains(location) && text.contains(words)
    }
  }
}

@Suite("Rendered glyph set", .enabled(if: pretrainingFontsInstalled))
struct RenderedGlyphSetTests {
  static func tinyRecipe(seed: UInt64 = 2, renderings: Int = 3) -> RenderedGlyphRecipe {
    var recipe = RenderedGlyphRecipe()
    recipe.name = "tiny"
    recipe.seed = seed
    recipe.characters = .list("之人山水")
    recipe.fonts = ["WenQuanYi Micro Hei/Regular", "BIZ UDMincho/Regular"]
    recipe.renderings = renderings
    recipe.augmentation = GlyphAugmentation.Configuration(
      rotation: 4, scale: 0.08, shear: 0.1, offset: 0.06, elastic: 1.5, thickening: 0.8, thinning: 0.4,
      damage: Degradation(inkBleed: 0.3, brokenStrokes: 0.6, blur: 0.5, noise: 0.04, paperTexture: 0.5))
    return recipe
  }

  static func build(_ recipe: RenderedGlyphRecipe, in directory: URL, name: String = "tiny.h5") throws -> String {
    let path = directory.appendingPathComponent(name).path
    _ = try RenderedGlyphSet(recipe: recipe).write(to: path, batch: 7)
    return path
  }

  @Test func tinyBuildHasGroupsLabelsAndReferences() throws {
    let dir = try TestPaths.temporaryDirectory("rendered")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = try Self.build(Self.tinyRecipe(), in: dir)
    let reader = try GlyphDatasetReader(path: path)
    #expect(reader.count == 4 * 2 * 3 && reader.height == 48 && reader.width == 48)
    #expect(try reader.classes() == ["之", "人", "山", "水"])
    #expect(try reader.labels() == (0..<4).flatMap { c in [Int32](repeating: Int32(c), count: 6) })
    let font = try reader.group("font")
    #expect(font.names == ["WenQuanYi Micro Hei Regular", "BIZ UDMincho Regular"])
    #expect(font.values == (0..<4).flatMap { _ in [0, 0, 0, 1, 1, 1] as [Int32] })
    let rendering = try reader.group("rendering")
    #expect(rendering.names == ["clean reference", "augmented"])
    #expect(rendering.values == (0..<8).flatMap { _ in [0, 1, 1] as [Int32] })
    let images = try reader.allImages()
    // Every image has ink; the clean references are exactly the un-augmented renderings.
    for i in 0..<images.count { #expect(images.image(i).count { $0 > 128 } > 20, "image \(i) has ink") }
    var clean = Self.tinyRecipe()
    clean.augmentation = .none
    let plain = try RenderedGlyphSet(recipe: clean).renderGlyphs(0..<24)
    for i in stride(from: 0, to: 24, by: 3) {
      #expect(images.image(i) == plain.image(i), "reference \(i) is clean")
      #expect(images.image(i + 1) != images.image(i) && images.image(i + 2) != images.image(i + 1))
      #expect(plain.image(i).prefix(48).allSatisfy { $0 == 0 }, "clean paper: no texture on the top row")
    }
    #expect(images.image(0) != images.image(3), "two fonts draw 之 differently")
  }

  @Test func sameSeedGivesIdenticalImages() throws {
    let dir = try TestPaths.temporaryDirectory("rendered")
    defer { try? FileManager.default.removeItem(at: dir) }
    let a = try GlyphDatasetReader(path: try Self.build(Self.tinyRecipe(), in: dir, name: "a.h5")).allImages()
    let b = try GlyphDatasetReader(path: try Self.build(Self.tinyRecipe(), in: dir, name: "b.h5")).allImages()
    #expect(a.pixels == b.pixels)
    let c = try GlyphDatasetReader(path: try Self.build(Self.tinyRecipe(seed: 3), in: dir, name: "c.h5")).allImages()
    #expect(c.pixels != a.pixels)
    for i in stride(from: 0, to: 24, by: 3) {
      #expect(c.image(i) == a.image(i), "references do not depend on the seed")
    }
    // A character × font's images do not depend on the other characters or fonts in the set.
    var one = Self.tinyRecipe()
    one.characters = .list("山")
    one.fonts = ["BIZ UDMincho/Regular"]
    let alone = try RenderedGlyphSet(recipe: one).renderGlyphs(0..<3)
    #expect(alone.pixels == a.slice(15..<18).pixels)
    // Sub-ranges render the same pixels as the whole.
    let set = try RenderedGlyphSet(recipe: Self.tinyRecipe())
    #expect(try set.renderGlyphs(5..<13) == a.slice(5..<13))
  }

  @Test func provenanceAttributesAreRecorded() throws {
    let dir = try TestPaths.temporaryDirectory("rendered")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = try Self.build(Self.tinyRecipe(), in: dir)
    let provenance = try DatasetProvenance(reading: path)
    #expect(provenance.fonts == ["WenQuanYi Micro Hei/Regular", "BIZ UDMincho/Regular"])
    #expect(provenance.fontFamilies == ["WenQuanYi Micro Hei", "BIZ UDMincho"])
    #expect(
      provenance.fontFiles.count == 2 && provenance.fontFiles.allSatisfy { FileManager.default.fileExists(atPath: $0) })
    #expect(provenance.charactersSource.contains("之人山水"))
    let corpusLike = DatasetProvenance(
      faces: try FontDesignComparison.faces(["BIZ UDMincho/Regular"]), charactersSource: "test")
    #expect(provenance.sharedFamilies(with: corpusLike) == ["BIZ UDMincho"])
    #expect(corpusLike.sharedFamilies(with: DatasetProvenance(faces: [])).isEmpty)
    // Read independently of GlyphLab's reader: h5dump shows the root attributes.
    let dump = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/h5dump"), ["-A", path])
    for name in ["fonts", "font_families", "font_files", "characters_source"] {
      #expect(dump.stdout.contains("ATTRIBUTE \"\(name)\""))
    }
  }

  @Test func smallRecipeFileBuilds() throws {
    let dir = try TestPaths.temporaryDirectory("rendered")
    defer { try? FileManager.default.removeItem(at: dir) }
    let recipe = try RenderedGlyphRecipe(
      path: TestPaths.repository.appendingPathComponent("Datasets/rendered-glyphs-small.yaml").path)
    let summary = try RenderedGlyphSet(recipe: recipe).write(to: dir.appendingPathComponent("s.h5").path)
    #expect(summary.glyphs == 16 * 2 * 3 && summary.classes == 16 && summary.glyphsPerFont == [48, 48])
    #expect(try DatasetProvenance(reading: summary.path).recipe.contains("rendered-glyphs-small"))
  }

  @Test func variantFormsAreRenderedWithTheirBaseClass() throws {
    let unihan = "/usr/share/unicode/Unihan_Variants.txt.bz2"
    try #require(FileManager.default.fileExists(atPath: unihan), "unicode-data (make setup) provides Unihan")
    // 鄉's other forms in Unihan's kZVariant / kSemanticVariant fields include 郷 (U+90F7);
    // 山 has none. The forms are read from Unihan itself, independently of GlyphLab.
    let table = try UnihanVariants(path: unihan)
    let expectedForms = Set((table.variants["鄉"] ?? []).filter { $0 != "山" })
    #expect(expectedForms.contains("郷"))
    var recipe = Self.tinyRecipe(renderings: 2)
    recipe.characters = .list("鄉山")
    recipe.variants = VariantForms()
    let set = try RenderedGlyphSet(recipe: recipe)
    #expect(set.classes == ["鄉", "山"], "variant forms are not classes of their own")
    let dir = try TestPaths.temporaryDirectory("rendered")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("v.h5").path
    let summary = try set.write(to: path, batch: 5)
    let reader = try GlyphDatasetReader(path: path)
    let variant = try reader.group("variant")
    #expect(variant.names == ["base form", "variant form"])
    let labels = try reader.labels()
    // Base rows first (each class in each font that draws it), then the variant forms' rows.
    let baseRows = variant.values.count { $0 == 0 }
    let variantRows = reader.count - baseRows
    #expect(baseRows >= 2 * 2 && baseRows % 2 == 0)
    #expect(variantRows > 0 && summary.variantForms >= 1 && summary.variantForms <= expectedForms.count)
    #expect(variant.values == [Int32](repeating: 0, count: baseRows) + [Int32](repeating: 1, count: variantRows))
    #expect(labels.suffix(variantRows).allSatisfy { $0 == 0 }, "every variant form is labelled 鄉")
    // The form group tells 鄉's own images (0) from each of its variant forms (1, 2, …).
    let form = try reader.group(RenderedGlyphSet.formGroup)
    #expect(form.values.prefix(baseRows).allSatisfy { $0 == 0 })
    #expect(Set(form.values.suffix(variantRows)) == Set((1...summary.variantForms).map(Int32.init)))
    #expect(form.names == ["base form"] + (1...summary.variantForms).map { "variant form \($0)" })
    let references = try ReferenceRenderings(reading: path, classes: ["鄉", "山"])
    #expect(references.forms == references.rows.map { form.values[$0] })
    // A variant form's clean rendering is that form as the font draws it, not the base form.
    var plain = recipe
    plain.variants = nil
    plain.characters = .list("郷")
    plain.augmentation = .none
    let drawnAlone = try RenderedGlyphSet(recipe: plain).renderGlyphs(0..<1)
    let images = try reader.allImages()
    #expect((baseRows..<reader.count).contains { images.image($0) == drawnAlone.image(0) }, "郷 is among the forms")
    #expect(images.image(0) != drawnAlone.image(0))
    // Without `variants:` the set has no variant group (older files stay as they were).
    let without = try Self.build(Self.tinyRecipe(), in: dir, name: "plain.h5")
    #expect(try !GlyphDatasetReader(path: without).groupNames().contains("variant"))
  }

  @Test func limitExclusionAndCoverage() throws {
    let dir = try TestPaths.temporaryDirectory("rendered")
    defer { try? FileManager.default.removeItem(at: dir) }
    let excluded = try Self.build(Self.tinyRecipe(), in: dir, name: "ex.h5")
    var recipe = Self.tinyRecipe()
    recipe.characters = .list("日之月人星")
    recipe.excludeClassesOf = excluded
    recipe.limit = 2
    let set = try RenderedGlyphSet(recipe: recipe)
    #expect(set.classes == ["日", "月"] && set.excludedCount == 2)
    // A character no font has (a private-use code point) is left out, and named.
    recipe = Self.tinyRecipe()
    recipe.characters = .list("之\u{E000}")
    let partial = try RenderedGlyphSet(recipe: recipe)
    #expect(partial.classes == ["之"] && partial.uncoveredCharacters == ["\u{E000}"])
    recipe.characters = .list("\u{E000}")
    #expect(throws: DatasetError.self) { try RenderedGlyphSet(recipe: recipe) }
    recipe = Self.tinyRecipe()
    recipe.fonts = ["No Such Font/Regular"]
    #expect { try RenderedGlyphSet(recipe: recipe) } throws: { "\($0)".contains("No Such Font/Regular") }
  }
}

/// `glyphlab datasets build rendered-glyphs` as a user runs it.
@Suite("glyphlab datasets build rendered-glyphs (command line)", .enabled(if: pretrainingFontsInstalled))
struct RenderedGlyphsCommandTests {
  func glyphlab(_ arguments: [String]) throws -> ProcessOutput {
    let executable = try #require(TestPaths.glyphlabExecutable, "build the glyphlab executable first")
    return try ProcessRunner.run(executable, arguments)
  }

  @Test func buildsTheSmallRecipe() throws {
    let dir = try TestPaths.temporaryDirectory("rendered-cli")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("small.h5").path
    let recipe = TestPaths.repository.appendingPathComponent("Datasets/rendered-glyphs-small.yaml").path
    let result = try glyphlab(["datasets", "build", "rendered-glyphs", "--recipe", recipe, "--out", out])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("96 glyphs, 16 classes × 2 fonts × 3 renderings"))
    #expect(try GlyphDatasetReader(path: out).count == 96)
    // An existing output is replaced only with --overwrite (issue 17).
    let before = try Data(contentsOf: URL(fileURLWithPath: out))
    let again = try glyphlab(["datasets", "build", "rendered-glyphs", "--recipe", recipe, "--out", out])
    #expect(again.status != 0 && again.stderr.contains(out) && again.stderr.contains("--overwrite"), "\(again.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == before)
    let replaced = try glyphlab([
      "datasets", "build", "rendered-glyphs", "--recipe", recipe, "--out", out, "--overwrite",
    ])
    #expect(replaced.status == 0, "\(replaced.stderr)")
  }

  @Test func badRecipesExitNonZeroNamingTheProblemAndWriteNothing() throws {
    let dir = try TestPaths.temporaryDirectory("rendered-cli")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("out.h5").path
    let recipe = dir.appendingPathComponent("bad.yaml")
    try "characters:\n  list: 之人\nrenderings: 2\naugmentaton:\n  rotation: 2\n".write(
      to: recipe, atomically: true, encoding: .utf8)
    let unknown = try glyphlab(["datasets", "build", "rendered-glyphs", "--recipe", recipe.path, "--out", out])
    #expect(unknown.status != 0)
    #expect(unknown.stderr.contains("\(recipe.path):4") && unknown.stderr.contains("augmentaton"), "\(unknown.stderr)")
    try "characters:\n  list: 之人\nfonts: [No Such Font/Regular]\n".write(to: recipe, atomically: true, encoding: .utf8)
    let font = try glyphlab(["datasets", "build", "rendered-glyphs", "--recipe", recipe.path, "--out", out])
    #expect(font.status != 0)
    #expect(font.stderr.contains("No Such Font/Regular"), "\(font.stderr)")
    let zero = try glyphlab(["datasets", "build", "rendered-glyphs", "--recipe", recipe.path, "--renderings", "0"])
    #expect(zero.status != 0)
    #expect(try DatasetFixtures.entries(dir) == ["bad.yaml"])
  }
}

@Suite("Reference renderings", .enabled(if: pretrainingFontsInstalled))
struct ReferenceRenderingsTests {
  @Test func readsTheCleanRenderingsWithAnotherDatasetsClasses() throws {
    let dir = try TestPaths.temporaryDirectory("references")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = try RenderedGlyphSetTests.build(RenderedGlyphSetTests.tinyRecipe(), in: dir)
    let all = try GlyphDatasetReader(path: path).allImages()
    // The set has 之 人 山 水 (2 fonts × 3 renderings each); the corpus here has 水, 日 and 之.
    let references = try ReferenceRenderings(reading: path, classes: ["水", "日", "之"])
    #expect(references.rows == [0, 3, 18, 21])
    #expect(references.labels == [2, 2, 0, 0])
    #expect(references.fonts == [0, 1, 0, 1])
    #expect(references.unmatchedClasses == ["人", "山"])
    // 之 in font 0 is image 0, in font 1 image 3; 水 is images 18 and 21.
    #expect(try references.images().pixels == [0, 3, 18, 21].flatMap { Array(all.image($0)) })
    #expect(try references.images(1..<3, block: 2).pixels == [3, 18].flatMap { Array(all.image($0)) })
    // Every rendering: the augmented ones too.
    let every = try ReferenceRenderings(reading: path, classes: ["水", "日", "之"], selection: .all)
    #expect(every.rows == [0, 1, 2, 3, 4, 5, 18, 19, 20, 21, 22, 23])
    #expect(try every.images().pixels == every.rows.flatMap { Array(all.image($0)) })
    #expect { try ReferenceRenderings(reading: path, classes: ["之"], imageSize: (32, 32)) } throws: {
      "\($0)".contains("48×48")
    }
    // A dataset without reference marks: every labelled row of a matching class is a reference.
    let plain = dir.appendingPathComponent("plain.h5").path
    try DatasetFixtures.writeSmall(at: plain)
    let reader = try GlyphDatasetReader(path: plain)
    let unmarked = try ReferenceRenderings(reading: plain, classes: try reader.classes())
    #expect(unmarked.rows == (0..<reader.count).filter { (try? reader.labels()[$0]) ?? -1 >= 0 })
    #expect { try ReferenceRenderings(reading: dir.appendingPathComponent("none.h5").path, classes: []) } throws: {
      "\($0)".contains("none.h5")
    }
  }
}

@Suite("Character sources")
struct CharacterSourceTests {
  @Test func textIsRankedByFrequencyThenCodePoint() throws {
    let dir = try TestPaths.temporaryDirectory("characters")
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("t.txt")
    try "水山, abc 山人水山。日".write(to: file, atomically: true, encoding: .utf8)
    // 山 3, 水 2, then 人 (U+4EBA) before 日 (U+65E5); punctuation and Latin are dropped.
    #expect(try CharacterSource.text([file.path]).characters() == ["山", "水", "人", "日"])
    #expect(try CharacterSource.list("之 人之").characters() == ["之", "人"])
    #expect(throws: DatasetError.self) {
      try CharacterSource.text([dir.appendingPathComponent("none").path]).characters()
    }
  }

  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/share/unicode/Unihan_DictionaryLikeData.txt.bz2")))
  func unihanFrequencyRanks() throws {
    let chars = try CharacterSource.unihan("/usr/share/unicode/Unihan_DictionaryLikeData.txt.bz2").characters()
    #expect(chars.count == 5089)
    #expect(chars.prefix(3) == ["\u{4E00}", "\u{4E0A}", "\u{4E0B}"], "rank 1, by code point")
    #expect(throws: DatasetError.self) {
      try CharacterSource.unihan("/usr/share/unicode/Unihan_Variants.txt.bz2").characters()
    }
  }

  @Test(.enabled(if: pretrainingFontsInstalled)) func corpusDatasetClassesInOrder() throws {
    let dir = try TestPaths.temporaryDirectory("characters")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = try RenderedGlyphSetTests.build(RenderedGlyphSetTests.tinyRecipe(), in: dir)
    #expect(try CharacterSource.corpusDataset(path).characters() == ["之", "人", "山", "水"])
  }
}
