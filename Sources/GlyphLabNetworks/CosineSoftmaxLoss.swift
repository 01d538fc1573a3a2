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
  /// Rows are independent and each is summed in order, so threads do not change the result.
  ///
  /// - Complexity: O(r·d).
  static func normalizeRows(_ v: [Float], rows: Int, columns d: Int) -> ([Float], [Float]) {
    var out = [Float](repeating: 0, count: rows * d)
    var norms = [Float](repeating: 0, count: rows)
    v.withUnsafeBufferPointer { vv in
      out.withUnsafeMutableBufferPointer { oo in
        norms.withUnsafeMutableBufferPointer { nn in
          nonisolated(unsafe) let (vv, oo, nn) = (vv, oo, nn)
          Parallel.forEachChunk(count: rows, minimumChunk: max(1, 16_384 / max(1, d))) { range in
            for i in range {
              let vi = vv.baseAddress! + i * d
              let oi = oo.baseAddress! + i * d
              var s: Float = 0
              for j in 0..<d { s += vi[j] * vi[j] }
              let norm = max(s.squareRoot(), 1e-12)
              nn[i] = norm
              for j in 0..<d { oi[j] = vi[j] / norm }
            }
          }
        }
      }
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

  /// `scale · xn · wnᵀ` (N × classes) as one SGEMM.
  static func cosines(_ xn: [Float], _ wn: [Float], n: Int, c: Int, d: Int, scale: Float) -> [Float] {
    var out = Matrix(rows: n, columns: c)
    guard let x = try? Matrix(rows: n, columns: d, elements: xn),
      let w = try? Matrix(rows: c, columns: d, elements: wn),
      (try? Matrix.gemm(x, .none, w, .transposed, alpha: scale, into: &out)) != nil
    else { return [Float](repeating: 0, count: n * c) }
    return out.elements
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
    let g = try Matrix(rows: n, columns: c, elements: dz)
    var dxnMatrix = Matrix(rows: n, columns: d)
    var dwnMatrix = Matrix(rows: c, columns: d)
    try Matrix.gemm(g, .none, try Matrix(rows: c, columns: d, elements: wn), alpha: scale, into: &dxnMatrix)
    try Matrix.gemm(g, .transposed, try Matrix(rows: n, columns: d, elements: xn), alpha: scale, into: &dwnMatrix)
    let dxn = dxnMatrix.elements
    let dwn = dwnMatrix.elements
    let dx = Self.normalizationBackward(dxn, normalized: xn, norms: xNorm, rows: n, columns: d)
    weight.gradient.values.withUnsafeMutableBufferPointer { gradient in
      Self.normalizationBackward(dwn, normalized: wn, norms: wNorm, rows: c, columns: d, addingInto: gradient)
    }
    return Tensor(uncheckedShape: [n, d], values: dx)
  }

  /// The gradient through `y = v / ‖v‖`: `(dy − y (y·dy)) / ‖v‖`.
  static func normalizationBackward(
    _ dy: [Float], normalized y: [Float], norms: [Float], rows: Int, columns d: Int
  ) -> [Float] {
    var out = [Float](repeating: 0, count: rows * d)
    out.withUnsafeMutableBufferPointer { o in
      normalizationBackward(dy, normalized: y, norms: norms, rows: rows, columns: d, into: o, accumulate: false)
    }
    return out
  }

  /// Adds the gradient through `y = v / ‖v‖` to `gradient` (`rows × d`), element by element
  /// as `gradient + (dy − y (y·dy)) / ‖v‖`.
  static func normalizationBackward(
    _ dy: [Float], normalized y: [Float], norms: [Float], rows: Int, columns d: Int,
    addingInto gradient: UnsafeMutableBufferPointer<Float>
  ) {
    normalizationBackward(dy, normalized: y, norms: norms, rows: rows, columns: d, into: gradient, accumulate: true)
  }

  /// Rows are independent and each dot product is summed in order, so threads do not change
  /// the result.
  ///
  /// - Complexity: O(rows·d).
  private static func normalizationBackward(
    _ dy: [Float], normalized y: [Float], norms: [Float], rows: Int, columns d: Int,
    into out: UnsafeMutableBufferPointer<Float>, accumulate: Bool
  ) {
    precondition(out.count == rows * d && dy.count == rows * d && y.count == rows * d && norms.count == rows)
    dy.withUnsafeBufferPointer { dd in
      y.withUnsafeBufferPointer { yy in
        norms.withUnsafeBufferPointer { nn in
          nonisolated(unsafe) let (dd, yy, nn, out) = (dd, yy, nn, out)
          Parallel.forEachChunk(count: rows, minimumChunk: max(1, 16_384 / max(1, d))) { range in
            for i in range {
              let (di, yi, oi) = (dd.baseAddress! + i * d, yy.baseAddress! + i * d, out.baseAddress! + i * d)
              var dot: Float = 0
              for j in 0..<d { dot += yi[j] * di[j] }
              let norm = nn[i]
              if accumulate {
                for j in 0..<d { oi[j] += (di[j] - yi[j] * dot) / norm }
              } else {
                for j in 0..<d { oi[j] = (di[j] - yi[j] * dot) / norm }
              }
            }
          }
        }
      }
    }
  }
}
