import Foundation
import GlyphLabCore
import GlyphLabNetworks

/// Trains a ``CenterNetDetector`` on pages with true boxes: each page is shrunk as the
/// detector shrinks it (its scale estimated by ``ScanDetector``, times a random jitter of
/// up to ``scaleJitter`` either way, ``copies`` times), its targets drawn at the output
/// stride (a Gaussian bump of standard deviation a sixth of the box's side at each
/// centre, the sub-pixel offset and the log size there), and the network is trained with
/// Adam on random ``crop``-pixel crops, ``batch`` per step, by ``CenterNetLoss``. The
/// learning rate drops tenfold for the last quarter of the steps.
///
/// Deterministic: every random choice (initial weights, jitters, crops, contrast) comes
/// from the seed passed to ``train(_:pages:seed:)``.
///
/// - Complexity: O(``steps`` · ``batch`` · ``crop``² · channels² · blocks / 16).
public struct CenterNetTrainer: Sendable, Equatable {
  /// Optimisation steps.
  public var steps: Int
  /// Crops per step.
  public var batch: Int
  /// Crop side in network input pixels (a multiple of the stride).
  public var crop: Int
  /// Adam's learning rate.
  public var learningRate: Float
  /// Each page's shrink factor is multiplied by exp(u), u uniform in ±this.
  public var scaleJitter: Double
  /// Shrunk copies prepared of each page (each with its own jitter).
  public var copies: Int

  /// A trainer; see each property for its meaning.
  public init(
    steps: Int = 1500, batch: Int = 8, crop: Int = 128, learningRate: Float = 2e-3, scaleJitter: Double = 0.2,
    copies: Int = 1
  ) {
    self.steps = steps
    self.batch = batch
    self.crop = crop
    self.learningRate = learningRate
    self.scaleJitter = scaleJitter
    self.copies = copies
  }

  /// A page's network input and targets at the output stride.
  struct Sample {
    var input: CenterNetDetector.Input
    var heatmap: [Float]
    var mask: [Float]
    var regression: [Float]  // 4 planes: x offset, y offset, log width, log height
    var outputWidth: Int { input.width / CenterNetDetector.stride }
    var outputHeight: Int { input.height / CenterNetDetector.stride }
  }

  /// Throws naming the first field out of its range.
  public func validate() throws {
    func fail(_ name: String, _ value: Any, _ reason: String) -> GlyphLabError {
      .invalidArgument(operation: "CenterNetTrainer", name: name, value: "\(value)", reason: reason)
    }
    guard steps >= 0 else { throw fail("steps", steps, "must be ≥ 0") }
    guard (1...256).contains(batch) else { throw fail("batch", batch, "must be in 1...256") }
    guard crop >= 16, crop <= 1024, crop % CenterNetDetector.stride == 0 else {
      throw fail("crop", crop, "must be a multiple of \(CenterNetDetector.stride) in 16...1024")
    }
    guard learningRate.isFinite, learningRate > 0 else { throw fail("learningRate", learningRate, "must be positive") }
    guard scaleJitter.isFinite, (0...1).contains(scaleJitter) else {
      throw fail("scaleJitter", scaleJitter, "must be in 0...1")
    }
    guard (1...16).contains(copies) else { throw fail("copies", copies, "must be in 1...16") }
  }

  /// `detector` with weights trained on `pages`, starting from its own weights when it has
  /// some (fine-tuning), else from weights drawn from `seed`. `progress`, when given, is
  /// told each step's index and loss.
  public func train(
    _ detector: CenterNetDetector, pages: [CenterNetTrainingPage], seed: UInt64,
    progress: ((Int, Float) -> Void)? = nil
  ) throws -> CenterNetDetector {
    try validate()
    try detector.validate()
    guard !pages.isEmpty else {
      throw GlyphLabError.invalidArgument(
        operation: "CenterNetTrainer", name: "pages", value: "0", reason: "there is nothing to train on")
    }
    let root = SeededGenerator(seed: seed)
    let network =
      detector.weights.isEmpty ? try detector.makeNetwork(generator: root.derived("network")) : try detector.network()
    var g = root.derived("samples")
    var samples: [Sample] = []
    for (i, page) in pages.enumerated() {
      guard page.pixels.count == page.width * page.height, page.width > 0, page.height > 0 else {
        throw GlyphLabError.shapeMismatch(
          operation: "CenterNetTrainer",
          detail: "training page \(i): \(page.pixels.count) pixels for \(page.width)×\(page.height)")
      }
      let size: Double
      do {
        size = try CenterNetDetector.estimatedSize(pixels: page.pixels, width: page.width, height: page.height)
      } catch {
        throw GlyphLabError.invalidArgument(
          operation: "CenterNetTrainer", name: "training page", value: "\(i)", reason: "\(error)")
      }
      for _ in 0..<copies {
        let jitter = exp((Self.uniform(&g) * 2 - 1) * scaleJitter)
        samples.append(Self.sample(page, factor: detector.characterSize / size * jitter))
      }
    }
    let optimizer = try Adam(parameters: network.parameters, learningRate: learningRate)
    let loss = try CenterNetLoss()
    let side = crop / CenterNetDetector.stride
    for step in 0..<steps {
      optimizer.learningRate = step >= steps * 3 / 4 ? learningRate / 10 : learningRate
      var input = Tensor(shape: [batch, 1, crop, crop])
      var heatmap = Tensor(shape: [batch, 1, side, side])
      var mask = Tensor(shape: [batch, 1, side, side])
      var regression = Tensor(shape: [batch, 4, side, side])
      for b in 0..<batch {
        let s = samples[Int(g.next() % UInt64(samples.count))]
        let ox = Int(g.next() % UInt64(max(1, s.outputWidth - side + 1)))
        let oy = Int(g.next() % UInt64(max(1, s.outputHeight - side + 1)))
        let gain = Float(0.7 + 0.6 * Self.uniform(&g))
        let stride = CenterNetDetector.stride
        for y in 0..<crop where oy * stride + y < s.input.height {
          for x in 0..<crop where ox * stride + x < s.input.width {
            input.values[(b * crop + y) * crop + x] =
              gain * s.input.values[(oy * stride + y) * s.input.width + ox * stride + x]
          }
        }
        for y in 0..<side where oy + y < s.outputHeight {
          for x in 0..<side where ox + x < s.outputWidth {
            let from = (oy + y) * s.outputWidth + ox + x
            heatmap.values[(b * side + y) * side + x] = s.heatmap[from]
            mask.values[(b * side + y) * side + x] = s.mask[from]
            for k in 0..<4 {
              regression.values[((b * 4 + k) * side + y) * side + x] =
                s.regression[k * s.outputWidth * s.outputHeight + from]
            }
          }
        }
      }
      optimizer.zeroGradients()
      let output = try network.forward(input, mode: .training)
      let value = try loss.forward(output, heatmap: heatmap, mask: mask, regression: regression)
      guard value.isFinite else {
        throw GlyphLabError.invalidArgument(
          operation: "CenterNetTrainer", name: "step", value: "\(step)", reason: "the loss is not finite (\(value))")
      }
      _ = try network.backward(try loss.backward(), needsInputGradient: false)
      try optimizer.step()
      progress?(step, value)
    }
    var trained = detector
    trained.weights = network.stateTensors.map(\.value)
    return trained
  }

  /// A uniform draw in [0, 1).
  static func uniform(_ g: inout SeededGenerator) -> Double { Double(g.next() >> 11) / Double(1 << 53) }

  /// `page` shrunk by `factor` with its targets.
  static func sample(_ page: CenterNetTrainingPage, factor: Double) -> Sample {
    let input = CenterNetDetector.shrink(pixels: page.pixels, width: page.width, height: page.height, factor: factor)
    let stride = Double(CenterNetDetector.stride)
    let (w, h) = (input.width / CenterNetDetector.stride, input.height / CenterNetDetector.stride)
    var heatmap = [Float](repeating: 0, count: w * h)
    var mask = [Float](repeating: 0, count: w * h)
    var regression = [Float](repeating: 0, count: 4 * w * h)
    let scale = input.factor / stride
    for box in page.boxes where !box.isEmpty {
      let cx = box.center.x * scale
      let cy = box.center.y * scale
      let bw = Double(box.width) * scale
      let bh = Double(box.height) * scale
      let (ix, iy) = (Int(cx), Int(cy))
      guard ix >= 0, iy >= 0, ix < w, iy < h else { continue }
      let sx = max(0.5, bw / 6)
      let sy = max(0.5, bh / 6)
      let rx = Int((3 * sx).rounded(.up))
      let ry = Int((3 * sy).rounded(.up))
      for y in max(0, iy - ry)...min(h - 1, iy + ry) {
        for x in max(0, ix - rx)...min(w - 1, ix + rx) {
          let dx = Double(x - ix)
          let dy = Double(y - iy)
          let v = Float(exp(-dx * dx / (2 * sx * sx) - dy * dy / (2 * sy * sy)))
          heatmap[y * w + x] = max(heatmap[y * w + x], v)
        }
      }
      let at = iy * w + ix
      mask[at] = 1
      regression[at] = Float(cx - Double(ix))
      regression[w * h + at] = Float(cy - Double(iy))
      regression[2 * w * h + at] = Float(log(max(0.25, bw)))
      regression[3 * w * h + at] = Float(log(max(0.25, bh)))
    }
    return Sample(input: input, heatmap: heatmap, mask: mask, regression: regression)
  }
}
