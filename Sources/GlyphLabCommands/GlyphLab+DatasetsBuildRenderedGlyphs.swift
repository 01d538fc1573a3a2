import ArgumentParser
import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabFiles

extension GlyphLab.Datasets.Build {
  /// `glyphlab datasets build rendered-glyphs`: render a pretraining set of glyphs.
  struct RenderedGlyphs: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rendered-glyphs",
      abstract: "Render training glyphs: characters × fonts × augmented renderings (synthetic, deterministic).",
      discussion: """
        Writes the standard dataset format with groups `font` and `rendering` (0 = the clean \
        reference rendering of each character and font) and root attributes recording the fonts \
        and the characters' source. See Datasets/README.md.
        """)

    @OptionGroup var blas: BLASOptions

    @OptionGroup var replacing: OverwriteOptions

    @Option(help: "The recipe (YAML).")
    var recipe = "Datasets/rendered-glyphs.yaml"

    @Option(name: [.customLong("out"), .customShort("o")], help: "Output dataset file.")
    var out = "Datasets/rendered-glyphs.h5"

    @Option(help: "Override the recipe's character limit.")
    var limit: Int?

    @Option(help: "Override the recipe's renderings per character and font.")
    var renderings: Int?

    @Option(help: "Override the recipe's seed.")
    var seed: UInt64?

    func validate() throws {
      if let limit, limit < 1 { throw ValidationError("--limit must be at least 1, got \(limit)") }
      if let renderings, renderings < 1 {
        throw ValidationError("--renderings must be at least 1, got \(renderings)")
      }
    }

    func run() throws {
      blas.apply()
      let target = OutputTarget(out, kind: .hdf5(format: DatasetFormat.name), role: "dataset")
      try replacing.check(OutputPlan(inputs: [self.recipe], outputs: [target]))
      var recipe = try RenderedGlyphRecipe(path: self.recipe)
      if let limit { recipe.limit = limit }
      if let renderings { recipe.renderings = renderings }
      if let seed { recipe.seed = seed }
      let set = try RenderedGlyphSet(recipe: recipe)
      let progress = ProgressLine(total: set.count, label: "rendering")
      let summary = try set.write(to: out) { progress.update($0) }
      progress.finish()
      print(
        "wrote \(summary.path): \(summary.glyphs) glyphs, \(summary.classes) classes × \(summary.fonts.count) fonts "
          + "× \(recipe.renderings) renderings (1 clean reference) in \(String(format: "%.1f", summary.seconds)) s, "
          + "peak memory \(ProcessMemory.peakResidentBytes / 1_048_576) MiB")
      for (font, n) in zip(summary.fonts, summary.glyphsPerFont) { print("  \(font): \(n) glyphs") }
      if summary.uncoveredCharacters > 0 {
        print("  \(summary.uncoveredCharacters) characters left out: fewer than \(recipe.minimumFonts) fonts draw them")
      }
      if summary.variantForms > 0 {
        print("  \(summary.variantForms) variant forms rendered, labelled with their base characters' classes")
      }
      if summary.excludedCharacters > 0 {
        print("  \(summary.excludedCharacters) characters left out by exclude_classes_of")
      }
    }
  }
}
