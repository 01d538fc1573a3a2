import Foundation
import GlyphLabCore
import GlyphLabImaging

/// The glyph images of a session, read once into memory (so the server's threads never touch
/// HDF5, which the pipeline's thread writes), each encoded as PNG when first asked for.
public final class GlyphImageStore: @unchecked Sendable {
  /// The glyphs that may be asked for: 0..<count.
  public var count: Int { images.count }
  private let images: GlyphImages
  private let lock = NSLock()
  private var cache: [Int: [UInt8]] = [:]

  init(images: GlyphImages) { self.images = images }

  /// The PNG of glyph `id`; nil for an id outside the run.
  public func png(_ id: Int) throws -> [UInt8]? {
    guard id >= 0, id < images.count else { return nil }
    lock.lock()
    let cached = cache[id]
    lock.unlock()
    if let cached { return cached }
    // Encoded outside the lock: the pipeline's (nicer) thread prepares images too, and must
    // not hold the server's threads up while it waits for a core.
    let size = images.height * images.width
    let pixels = Array(images.pixels[(id * size)..<((id + 1) * size)])
    let bytes = try PNGCodec.encode(pixels: pixels, width: images.width, height: images.height, channels: 1)
    lock.lock()
    cache[id] = bytes
    lock.unlock()
    return bytes
  }
}
