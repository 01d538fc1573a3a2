import ArgumentParser
import Foundation
import GlyphLabDatasets

extension GlyphLab.Datasets {
  /// `glyphlab datasets build`: the built-in corpora.
  struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Build a built-in corpus or a rendered training set.",
      subcommands: [AncientGlyphs.self, RenderedGlyphs.self])
  }
}

extension GlyphLab.Datasets.Build {
  /// `glyphlab datasets build ancient-glyphs`: render the synthetic ancient-book corpus.
  struct AncientGlyphs: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ancient-glyphs",
      abstract: "Render the ancient-book glyph corpus from real text and fonts (synthetic, deterministic).")

    @OptionGroup var blas: BLASOptions

    @Option(help: "The recipe (YAML).")
    var recipe = "Datasets/ancient-glyphs.yaml"

    @Option(help: "Output dataset file.")
    var out = "Datasets/ancient-glyphs.h5"

    @Option(help: "Override the recipe's number of glyphs.")
    var glyphs: Int?

    @Option(help: "Override the recipe's image size (pixels, square).")
    var imageSize: Int?

    @Option(help: "Override the recipe's seed.")
    var seed: UInt64?

    @Option(help: "Override the recipe's number of pages.")
    var pages: Int?

    func validate() throws {
      if let glyphs, glyphs < 1 { throw ValidationError("--glyphs must be at least 1, got \(glyphs)") }
      if let imageSize, imageSize < 8 { throw ValidationError("--image-size must be at least 8, got \(imageSize)") }
      if let pages, pages < 0 { throw ValidationError("--pages must be at least 0, got \(pages)") }
    }

    func run() throws {
      blas.apply()
      var recipe = try CorpusRecipe(path: self.recipe)
      if let glyphs { recipe.glyphs = glyphs }
      if let imageSize { recipe.imageSize = imageSize }
      if let seed { recipe.seed = seed }
      if let pages { recipe.pages.count = pages }
      let corpus = try AncientGlyphCorpus(recipe: recipe)
      let progress = ProgressLine(total: corpus.count, label: "rendering")
      let summary = try corpus.write(to: out) { progress.update($0) }
      progress.finish()
      print(
        "wrote \(summary.path): \(summary.glyphs) glyphs, \(summary.classes) classes, "
          + "\(summary.editions.count) editions, \(summary.variantGlyphs) variant forms, "
          + "\(summary.pages) pages (\(summary.pageBoxes) boxes) in \(String(format: "%.1f", summary.seconds)) s")
    }
  }
}
