import GlyphLabCore
import GlyphLabDatasets

/// Reads a whole fixture dataset for independent recomputation in tests.
enum GlyphDatasetReaderShim {
  static func load(_ path: String) throws -> (images: GlyphImages, labels: [Int32]) {
    let reader = try GlyphDatasetReader(path: path)
    return (try reader.allImages(), try reader.labels())
  }
}
