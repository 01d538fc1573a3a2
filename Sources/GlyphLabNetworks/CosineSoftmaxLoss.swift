import GlyphLabCore

/// Normalised-softmax (cosine classifier) loss, the SimpleShot/CosFace family without
/// margin: `logits = scale · cos(x, w_c)` with both features and class weights
/// L2-normalised, then softmax cross-entropy. Its class weights (`weight`, `classes × D`)
/// are a learnable parameter of the loss.
public final class CosineSoftmaxLoss: Loss {
  public let features: Int
  public let classes: Int
  /// The logit scale (inverse temperature), e.g. 10–30.
  public let scale: Float
  /// `classes × features`, initialised like a linear layer.
  public let weight: Parameter
  private var cache: (xn: [Float], xNorm: [Float], wn: [Float], wNorm: [Float], p: [Float], labels: [Int])?

  /// A cosine classifier over `features`-dimensional inputs and `classes` classes.
  public init(features: Int, classes: Int, scale: Float, generator: SeededGenerator) throws {
    guard features > 0, classes > 0, scale > 0 else {
      throw NetworkError.invalidArgument(
        name: "CosineSoftmaxLoss", value: "features \(features), classes \(classes), scale \(scale)",
        reason: "all must be positive")
    }
    self.features = features
    self.classes = classes
    self.scale = scale
    weight = Parameter(
      name: "weight",
      value: Initialization.uniform(
        shape: [classes, features], bound: 1 / Double(features).squareRoot(), generator: generator.derived("weight")))
  }

  public var parameters: [Parameter] { [weight] }

  /// Row-normalises an `r × d` array; returns the normalised rows and the norms (≥ 1e-12).
  static func normalizeRows(_ v: [Float], rows: Int, columns d: Int) -> ([Float], [Float]) {
    var out = v
    var norms = [Float](repeating: 0, count: rows)
    for i in 0..<rows {
      var s: Float = 0
      for j in 0..<d { s += v[i * d + j] * v[i * d + j] }
      norms[i] = max(s.squareRoot(), 1e-12)
      for j in 0..<d { out[i * d + j] /= norms[i] }
    }
    return (out, norms)
  }

  /// `scale · cos(x, w)` for every row of `input` and class: `N × classes`.
  ///
  /// - Complexity: O(N·D·classes).
  public func logits(_ input: Tensor) throws -> Tensor {
    guard input.rank == 2, input.shape[0] > 0, input.shape[1] == features else {
      throw NetworkError.shape(layer: "CosineSoftmaxLoss", detail: "input shape \(input.shape) is not N×\(features)")
    }
    let n = input.shape[0]
    let (xn, _) = Self.normalizeRows(input.values, rows: n, columns: features)
    let (wn, _) = Self.normalizeRows(weight.value.values, rows: classes, columns: features)
    return Tensor(
      uncheckedShape: [n, classes], values: Self.cosines(xn, wn, n: n, c: classes, d: features, scale: scale))
  }

  static func cosines(_ xn: [Float], _ wn: [Float], n: Int, c: Int, d: Int, scale: Float) -> [Float] {
    var out = [Float](repeating: 0, count: n * c)
    for i in 0..<n {
      for k in 0..<c {
        var s: Float = 0
        for j in 0..<d { s += xn[i * d + j] * wn[k * d + j] }
        out[i * c + k] = scale * s
      }
    }
    return out
  }

  /// - Complexity: O(N·D·classes).
  public func forward(_ input: Tensor, labels: [Int]) throws -> LossResult {
    guard input.rank == 2, input.shape[0] > 0, input.shape[1] == features else {
      throw NetworkError.shape(layer: "CosineSoftmaxLoss", detail: "input shape \(input.shape) is not N×\(features)")
    }
    let n = input.shape[0]
    let (xn, xNorm) = Self.normalizeRows(input.values, rows: n, columns: features)
    let (wn, wNorm) = Self.normalizeRows(weight.value.values, rows: classes, columns: features)
    let z = Tensor(
      uncheckedShape: [n, classes], values: Self.cosines(xn, wn, n: n, c: classes, d: features, scale: scale))
    let (p, loss, predictions) = try SoftmaxCrossEntropy.softmax(z, labels: labels, name: "CosineSoftmaxLoss")
    cache = (xn, xNorm, wn, wNorm, p, labels)
    return LossResult(loss: loss, predictions: predictions, targets: labels)
  }

  /// Back through the softmax, the cosines and both normalisations; accumulates the class
  /// weights' gradient.
  ///
  /// - Complexity: O(N·D·classes).
  public func backward(upstream: Float) throws -> Tensor {
    guard let (xn, xNorm, wn, wNorm, p, labels) = cache else {
      throw NetworkError.backwardWithoutForward(layer: "CosineSoftmaxLoss")
    }
    let (n, c, d) = (labels.count, classes, features)
    let dz = SoftmaxCrossEntropy.gradient(probabilities: p, labels: labels, classes: c, upstream: upstream).values
    // d(cos) = scale · dz; d xn = dcos · wn; d wn = dcosᵀ · xn.
    var dxn = [Float](repeating: 0, count: n * d)
    var dwn = [Float](repeating: 0, count: c * d)
    for i in 0..<n {
      for k in 0..<c {
        let g = scale * dz[i * c + k]
        for j in 0..<d {
          dxn[i * d + j] += g * wn[k * d + j]
          dwn[k * d + j] += g * xn[i * d + j]
        }
      }
    }
    let dx = Self.normalizationBackward(dxn, normalized: xn, norms: xNorm, rows: n, columns: d)
    let dw = Self.normalizationBackward(dwn, normalized: wn, norms: wNorm, rows: c, columns: d)
    for i in 0..<(c * d) { weight.gradient.values[i] += dw[i] }
    return Tensor(uncheckedShape: [n, d], values: dx)
  }

  /// The gradient through `y = v / ‖v‖`: `(dy − y (y·dy)) / ‖v‖`.
  static func normalizationBackward(
    _ dy: [Float], normalized y: [Float], norms: [Float], rows: Int, columns d: Int
  ) -> [Float] {
    var out = dy
    for i in 0..<rows {
      var dot: Float = 0
      for j in 0..<d { dot += y[i * d + j] * dy[i * d + j] }
      for j in 0..<d { out[i * d + j] = (dy[i * d + j] - y[i * d + j] * dot) / norms[i] }
    }
    return out
  }
}
