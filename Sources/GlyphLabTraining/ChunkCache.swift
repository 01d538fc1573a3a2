import GlyphLabCore

/// The chunks of a ``TrainingSet`` that the current and next steps of an epoch need, read
/// once each: reading a batch's rows loads their chunks, and drops the chunks of windows the
/// epoch has finished. Memory stays at most two windows of images.
final class ChunkCache {
  let set: TrainingSet
  private var chunks: [Int: GlyphImages] = [:]

  init(set: TrainingSet) { self.set = set }

  /// Drops every cached chunk.
  func removeAll() { chunks.removeAll() }

  /// The images at `rows`, in order, reading the chunks they are in; first drops the
  /// chunks of windows before the earliest window of `rows` under `plan`.
  func images(_ rows: [Int], plan: EpochPlan) throws -> GlyphImages {
    let size = set.chunkSize
    let earliest = rows.map { plan.chunkWindow[$0 / size] }.min() ?? 0
    for chunk in chunks.keys where plan.chunkWindow[chunk] < earliest { chunks[chunk] = nil }
    let imageSize = set.height * set.width
    var pixels = [UInt8](repeating: 0, count: rows.count * imageSize)
    for (i, row) in rows.enumerated() {
      let chunk = row / size
      let images: GlyphImages
      if let cached = chunks[chunk] {
        images = cached
      } else {
        images = try set.images(set.rows(ofChunk: chunk))
        chunks[chunk] = images
      }
      let offset = (row - chunk * size) * imageSize
      images.pixels.withUnsafeBufferPointer { source in
        pixels.withUnsafeMutableBufferPointer { target in
          let from = UnsafeBufferPointer(rebasing: source[offset..<(offset + imageSize)])
          _ = UnsafeMutableBufferPointer(rebasing: target[(i * imageSize)..<((i + 1) * imageSize)])
            .initialize(from: from)
        }
      }
    }
    return try GlyphImages(count: rows.count, height: set.height, width: set.width, pixels: pixels)
  }
}
