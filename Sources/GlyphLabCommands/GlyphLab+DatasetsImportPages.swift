import ArgumentParser
import GlyphLabDatasets

extension GlyphLab.Datasets.Import {
  /// `glyphlab datasets import pages ROOT -o OUT`: scanned pages with per-character boxes in
  /// the CODH/PMJT layout (``PMJTImporter``).
  struct Pages: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Import scanned pages with character boxes (CODH/PMJT layout: BOOK/BOOK_coordinate.csv, BOOK/images/*.jpg).",
      discussion: """
        Writes the pages (/pages/*, ink up, scaled by --scale, padded to the largest page, real sizes in \
        /pages/sizes) and one glyph per box (/images at --size, default 48, /labels, /classes, /groups/book, \
        /groups/page). See Datasets/README.md.
        """)

    @Argument(help: "A folder of book folders, or one book folder.")
    var root: String

    @Option(help: "Scale factor for the stored pages, in (0, 1]; glyphs are cropped from the full scan.")
    var scale: Double = 1

    @Option(help: "The largest page stored, in pixels after scaling.")
    var maxPagePixels: Int = 1 << 26

    @OptionGroup var options: ImageImportOptions

    func validate() throws {
      if !(scale > 0 && scale <= 1) { throw ValidationError("--scale must be in (0, 1], got \(scale)") }
      if maxPagePixels < 1 { throw ValidationError("--max-page-pixels must be at least 1, got \(maxPagePixels)") }
    }

    func run() throws {
      let importer = PMJTImporter(
        root: root, pageScale: scale, maximumPagePixels: maxPagePixels,
        options: try options.importOptions(defaultSource: root))
      let result = try importer.run(to: options.output)
      print(result.summary + ", \(result.groups["page"] ?? 0) pages")
    }
  }
}
