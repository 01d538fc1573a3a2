/// The shapes of one 2-D convolution over an NCHW batch, and how its batch is cut into
/// fixed chunks of samples (a function of the shapes only, so results never depend on the
/// thread count).
struct ConvolutionGeometry {
  let batch: Int
  let inputChannels: Int
  let height: Int
  let width: Int
  let outputChannels: Int
  let kernelHeight: Int
  let kernelWidth: Int
  let stride: Int
  let padding: Int
  let outputHeight: Int
  let outputWidth: Int

  /// Rows of the im2col matrix: `C · kh · kw`.
  var patchSize: Int { inputChannels * kernelHeight * kernelWidth }
  /// Output pixels per sample and channel.
  var outputPlane: Int { outputHeight * outputWidth }
  var inputPlane: Int { height * width }

  /// Samples per chunk: about `targetColumns` im2col columns, and at least 8 chunks per
  /// batch when the batch allows, so two threads stay busy on small feature maps.
  var samplesPerChunk: Int {
    let target = max(1, Self.targetColumns / max(1, outputPlane))
    let forEight = max(1, (batch + 7) / 8)
    return max(1, min(target, forEight, batch))
  }

  var chunkCount: Int { (batch + samplesPerChunk - 1) / samplesPerChunk }

  func samples(ofChunk chunk: Int) -> Range<Int> {
    let start = chunk * samplesPerChunk
    return start..<min(batch, start + samplesPerChunk)
  }

  /// Where kernel tap (`ki`, `kj`) reads the input plane when the convolution keeps the
  /// plane's size (stride 1, padding `(k − 1) / 2` each side), or `nil` for any other
  /// convolution.
  func planeShift(_ ki: Int, _ kj: Int) -> PlaneShift? {
    guard stride == 1, outputHeight == height, outputWidth == width else { return nil }
    let (dy, dx) = (ki - padding, kj - padding)
    let firstRow = min(height, max(0, -dy))
    return PlaneShift(
      offset: dy * width + dx, width: width, firstRow: firstRow, endRow: max(firstRow, min(height, height - dy)),
      columnsBefore: min(width, max(0, -dx)), columnsAfter: min(width, max(0, dx)))
  }

  /// im2col columns per chunk that keep a chunk's column block in the L2 cache.
  static let targetColumns = 1024
}
