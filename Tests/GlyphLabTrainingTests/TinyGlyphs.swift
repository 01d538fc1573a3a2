import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabImaging
import GlyphLabTestSupport
import GlyphLabTraining

/// Tiny real datasets for training tests: a few CJK characters rendered with FreeType in two
/// installed CJK fonts, several jittered copies each, written in the GlyphLab dataset format
/// with `/groups/font`.
enum TinyGlyphs {
  static let characters = ["一", "山", "水", "火", "木", "人"]

  /// Two installed CJK faces (not reserved), in a fixed order.
  static func fonts() throws -> [FontFace] {
    let faces = FontCatalog.cjkFaces()
      .filter { ReservedFonts.reservedFamily(of: $0.family) == nil }
      .sorted { ($0.family, $0.style, $0.path) < ($1.family, $1.style, $1.path) }
    var chosen: [FontFace] = []
    for face in faces
    where !chosen.contains(where: { FontFamily(fontName: $0.family) == FontFamily(fontName: face.family) }) {
      chosen.append(face)
      if chosen.count == 2 { break }
    }
    guard chosen.count == 2 else { throw DatasetError(path: "", reason: "two CJK font families are needed") }
    return chosen
  }

  /// `characters` × fonts × `copies` glyphs of `size` × `size`, interleaved so every chunk
  /// holds every class; labels are the character indices. Returns the images, labels and
  /// font names ("Family Style").
  static func render(
    characters: [String] = characters, copies: Int = 4, size: Int = 24, seed: UInt64 = 1
  ) throws -> (images: GlyphImages, labels: [Int32], fonts: [Int32], fontNames: [String]) {
    let faces = try fonts()
    let renderer = try GlyphRenderer(fonts: faces)
    var g = SeededGenerator(seed: seed)
    var pixels: [UInt8] = []
    var labels: [Int32] = []
    var fontIndex: [Int32] = []
    for copy in 0..<copies {
      for (f, _) in faces.enumerated() {
        for (c, character) in characters.enumerated() {
          guard let scalar = character.unicodeScalars.first else { continue }
          let transform = GlyphRenderer.Transform.jitter(
            rotationDegrees: copy == 0 ? 0 : (g.uniformDouble() - 0.5) * 10, shear: (g.uniformDouble() - 0.5) * 0.1,
            scale: 1 + (g.uniformDouble() - 0.5) * 0.1)
          var canvas = [UInt8](repeating: 0, count: size * size)
          if let bitmap = renderer.render(scalar, font: f, pixelSize: size * 3 / 4, transform: transform) {
            let top = (size - bitmap.height) / 2
            let left = (size - bitmap.width) / 2
            for y in 0..<bitmap.height where top + y >= 0 && top + y < size {
              for x in 0..<bitmap.width where left + x >= 0 && left + x < size {
                canvas[(top + y) * size + left + x] = bitmap.coverage[y * bitmap.width + x]
              }
            }
          }
          pixels += canvas
          labels.append(Int32(c))
          fontIndex.append(Int32(f))
        }
      }
    }
    let images = try GlyphImages(count: labels.count, height: size, width: size, pixels: pixels)
    return (images, labels, fontIndex, faces.map { "\($0.family) \($0.style)" })
  }

  /// Writes a tiny dataset to `path` (see ``render(characters:copies:size:seed:)``), with
  /// `fontNames` replacing the real font names in `/groups/font` if given.
  @discardableResult
  static func write(
    to path: String, characters: [String] = characters, copies: Int = 4, size: Int = 24, chunk: Int = 1024,
    fontNames: [String]? = nil, renderingGroup: Bool = false
  ) throws -> (images: GlyphImages, labels: [Int32]) {
    let data = try render(characters: characters, copies: copies, size: size)
    let writer = try GlyphDatasetWriter(
      path: path, metadata: DatasetMetadata(name: "tiny", source: "rendered in a test", license: "test"),
      height: size, width: size, chunkImages: chunk)
    try writer.declareGroup("font", values: fontNames ?? data.fontNames)
    try writer.setClasses(characters)
    var groups = ["font": data.fonts]
    if renderingGroup {
      // Copy 0 (the first characters × fonts images) is unjittered: the clean reference.
      let clean = characters.count * data.fontNames.count
      try writer.declareGroup("rendering", values: ["clean reference", "augmented"])
      groups["rendering"] = data.labels.indices.map { $0 < clean ? 0 : 1 }
    }
    try writer.append(images: data.images.pixels, labels: data.labels, groups: groups)
    try writer.finish()
    return (data.images, data.labels)
  }

  /// The tiny training spec (Experiments/encoder-tiny.yaml) on `dataset`, writing `out`,
  /// with extra overrides.
  static func spec(dataset: String, out: String, _ overrides: [String] = []) throws -> TrainingSpec {
    try TrainingSpec.load(
      path: TestPaths.repository.appendingPathComponent("Experiments/encoder-tiny.yaml").path,
      overrides: ["dataset=\(dataset)", "out=\(out)"] + overrides)
  }

  /// A tiny novel-editions setting in `directory`: references (`references.h5`, with a clean
  /// rendering group), a corpus of the same characters in two editions of their own names
  /// (`corpus.h5`, jittered differently, so the novel-editions check passes) and an encoder
  /// trained on the references with `glyphlab train` for `epochs` (at `encoderName`).
  static func novelEditions(
    in directory: URL, glyphlab: URL, epochs: Int, encoderName: String = "encoder.h5"
  ) throws -> (references: String, corpus: String, encoder: String) {
    let references = directory.appendingPathComponent("references.h5").path
    try write(to: references, chunk: 16, renderingGroup: true)
    let corpus = directory.appendingPathComponent("corpus.h5").path
    try write(to: corpus, copies: 3, fontNames: ["Test Edition A Regular", "Test Edition B Regular"])
    let encoder = directory.appendingPathComponent(encoderName).path
    let trainSpec = TestPaths.repository.appendingPathComponent("Experiments/encoder-tiny.yaml").path
    let trained = try ProcessRunner.run(
      glyphlab, ["train", trainSpec, "dataset=\(references)", "out=\(encoder)", "epochs=\(epochs)", "--threads", "1"])
    guard trained.status == 0 else {
      throw CocoaError(
        .fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "glyphlab train failed: \(trained.stderr)"])
    }
    return (references, corpus, encoder)
  }
}
