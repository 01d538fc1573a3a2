import GlyphLabCore
import GlyphLabDatasets
import GlyphLabNetworks

/// Turns stored glyphs into network input: each image is augmented with its own generator
/// (derived from the run's seed, the epoch and the image's dataset row), then resized to the
/// input size by area averaging (``ImageFitter``), then scaled to [0, 1]. Images are done in
/// parallel, each wholly by one thread, so the batch does not depend on the thread count.
struct BatchPreprocessor: Sendable {
  let augmentation: GlyphAugmentation
  let fitter: ImageFitter?
  let inputSize: Int
  let generator: SeededGenerator

  /// A preprocessor from `height × width` stored images to `inputSize × inputSize` inputs.
  init(augmentation: GlyphAugmentation, height: Int, width: Int, inputSize: Int, seed: UInt64) throws {
    self.augmentation = augmentation
    self.inputSize = inputSize
    fitter =
      height == inputSize && width == inputSize
      ? nil : ImageFitter(size: try ImageSize(height: inputSize, width: inputSize), upscale: true)
    generator = SeededGenerator(seed: seed).derived("augment")
  }

  /// The input images for `images` (dataset rows `rows`) in `epoch`; `augment` false skips
  /// augmentation (inference).
  func images(_ images: GlyphImages, rows: [Int], epoch: Int, augment: Bool = true) throws -> GlyphImages {
    let doAugment = augment && !augmentation.isIdentity
    guard doAugment || fitter != nil else { return images }
    guard images.count > 0 else {
      return try GlyphImages(count: 0, height: inputSize, width: inputSize, pixels: [])
    }
    let (h, w) = (images.height, images.width)
    let sourceSize = images.imageSize
    let targetSize = inputSize * inputSize
    var out = [UInt8](repeating: 0, count: images.count * targetSize)
    let epochGenerator = generator.derived(UInt64(epoch))
    let (augmentation, fitter) = (self.augmentation, self.fitter)
    let failure = Locked<(any Error)?>(nil)
    images.pixels.withUnsafeBufferPointer { source in
      out.withUnsafeMutableBufferPointer { target in
        nonisolated(unsafe) let src = source.baseAddress!
        nonisolated(unsafe) let dst = target.baseAddress!
        Parallel.forEachChunk(count: images.count, minimumChunk: 8) { range in
          for i in range {
            var pixels = Array(UnsafeBufferPointer(start: src + i * sourceSize, count: sourceSize))
            if doAugment {
              var g = epochGenerator.derived(UInt64(rows[i]))
              do {
                try augmentation.augment(&pixels, width: w, height: h, generator: &g)
              } catch {
                failure.withLock { if $0 == nil { $0 = error } }
              }
            }
            let output = UnsafeMutableBufferPointer(start: dst + i * targetSize, count: targetSize)
            if let fitter {
              pixels.withUnsafeBufferPointer { fitter.fit($0, height: h, width: w, into: output) }
            } else {
              _ = output.initialize(from: pixels)
            }
          }
        }
      }
    }
    if let error = failure.withLock({ $0 }) { throw error }
    return try GlyphImages(count: images.count, height: inputSize, width: inputSize, pixels: out)
  }

  /// The network input tensor (N × 1 × size × size, ink 1) for preprocessed images.
  static func tensor(_ images: GlyphImages) -> Tensor { Tensor(images: images) }
}
