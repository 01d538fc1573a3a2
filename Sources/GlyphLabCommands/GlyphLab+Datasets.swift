import ArgumentParser

extension GlyphLab {
  /// `glyphlab datasets`: build, import and inspect glyph datasets.
  struct Datasets: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Build, import and inspect glyph datasets (Datasets/README.md has the format).",
      subcommands: [Build.self])
  }
}
