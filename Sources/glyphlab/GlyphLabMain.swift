import GlyphLabCommands

/// The `glyphlab` executable: all behaviour lives in GlyphLabCommands.
@main
enum GlyphLabMain {
  static func main() { GlyphLab.main() }
}
