import Foundation

/// The per-pixel objective of a CenterNet-style detector (Zhou et al., "Objects as Points",
/// 2019) on an `N × C × H × W` output whose channel 0 is the centre heatmap's logit and
/// whose channels 1…C−1 are regressed at the centres.
///
/// With `p = σ(z)` on channel 0, the target heatmap `y` (Gaussian bumps, 1 at each centre)
/// and the centre mask `m` (1 at a centre pixel, 0 elsewhere), the loss is
///
///     L = (1/P) · Σ_pixels focal(z, y, m) + λ · (1/P) · Σ_{m=1} Σ_{c≥1} |out_c − t_c|
///
/// where `P = max(1, Σ m)`, `focal = −(1−p)^α · log p` at centres and
/// `−(1−y)^β · p^α · log(1−p)` elsewhere (the penalty-reduced focal loss, α = 2, β = 4 in
/// the paper), and `t_c` the regression targets (e.g. sub-pixel offset and log size).
/// Logarithms are computed from the logit (`log p = −softplus(−z)`), so the loss is finite
/// for any `z`.
public final class CenterNetLoss {
  /// Focal exponent on the prediction.
  public let alpha: Float
  /// Exponent of the penalty reduction near centres.
  public let beta: Float
  /// Weight of the regression channels.
  public let regressionWeight: Float

  private var cache: (input: Tensor, heatmap: Tensor, mask: Tensor, regression: Tensor, positives: Float)?

  /// A loss with the paper's exponents by default.
  public init(alpha: Float = 2, beta: Float = 4, regressionWeight: Float = 1) throws {
    guard alpha >= 1, beta >= 0, regressionWeight >= 0, alpha.isFinite, beta.isFinite, regressionWeight.isFinite
    else {
      throw NetworkError.invalidArgument(
        name: "CenterNetLoss", value: "α \(alpha), β \(beta), λ \(regressionWeight)",
        reason: "α must be ≥ 1, β and λ non-negative and finite")
    }
    self.alpha = alpha
    self.beta = beta
    self.regressionWeight = regressionWeight
  }

  /// The mean loss per centre of `input` (`N × C × H × W`, C ≥ 1) against `heatmap` and
  /// `mask` (`N × 1 × H × W`) and `regression` (`N × (C−1) × H × W`, read only where the
  /// mask is 1). Keeps what ``backward(upstream:)`` needs.
  ///
  /// - Complexity: O(N·C·H·W).
  public func forward(_ input: Tensor, heatmap: Tensor, mask: Tensor, regression: Tensor) throws -> Float {
    guard input.rank == 4, input.shape[1] >= 1 else {
      throw NetworkError.shape(layer: "CenterNetLoss", detail: "input shape \(input.shape) is not N×C×H×W")
    }
    let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
    guard heatmap.shape == [n, 1, h, w], mask.shape == [n, 1, h, w], regression.shape == [n, c - 1, h, w] else {
      throw NetworkError.shape(
        layer: "CenterNetLoss",
        detail:
          "targets \(heatmap.shape), \(mask.shape), \(regression.shape) do not fit input \(input.shape) (need N×1×H×W twice and N×(C−1)×H×W)"
      )
    }
    let plane = h * w
    let positives = max(1, mask.values.reduce(0, +))
    var focal = 0.0
    var l1 = 0.0
    for b in 0..<n {
      for i in 0..<plane {
        let z = input.values[b * c * plane + i]
        let y = heatmap.values[b * plane + i]
        let logP = -Self.softplus(-z)
        let log1mP = -Self.softplus(z)
        let p = Self.sigmoid(z)
        if mask.values[b * plane + i] > 0.5 {
          focal -= Double(pow(1 - p, alpha) * logP)
          for k in 1..<c {
            l1 += Double(
              abs(input.values[(b * c + k) * plane + i] - regression.values[(b * (c - 1) + k - 1) * plane + i]))
          }
        } else {
          focal -= Double(pow(1 - y, beta) * pow(p, alpha) * log1mP)
        }
      }
    }
    cache = (input, heatmap, mask, regression, positives)
    return Float((focal + Double(regressionWeight) * l1) / Double(positives))
  }

  /// The gradient of `upstream · loss` with respect to the last ``forward``'s input.
  ///
  /// - Complexity: O(N·C·H·W).
  public func backward(upstream: Float = 1) throws -> Tensor {
    guard let (input, heatmap, mask, regression, positives) = cache else {
      throw NetworkError.backwardWithoutForward(layer: "CenterNetLoss")
    }
    let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
    let plane = h * w
    let scale = upstream / positives
    var gradient = Tensor(shape: input.shape)
    for b in 0..<n {
      for i in 0..<plane {
        let at = b * c * plane + i
        let z = input.values[at]
        let p = Self.sigmoid(z)
        if mask.values[b * plane + i] > 0.5 {
          // d/dz of −(1−p)^α log p = α p (1−p)^α log p − (1−p)^(α+1).
          let logP = -Self.softplus(-z)
          gradient.values[at] = scale * (alpha * p * pow(1 - p, alpha) * logP - pow(1 - p, alpha + 1))
          for k in 1..<c {
            let o = (b * c + k) * plane + i
            let d = input.values[o] - regression.values[(b * (c - 1) + k - 1) * plane + i]
            gradient.values[o] = scale * regressionWeight * (d > 0 ? 1 : d < 0 ? -1 : 0)
          }
        } else {
          // d/dz of −(1−y)^β p^α log(1−p) = (1−y)^β (p^(α+1) − α p^α (1−p) log(1−p)).
          let log1mP = -Self.softplus(z)
          let weight = pow(1 - heatmap.values[b * plane + i], beta)
          gradient.values[at] = scale * weight * (pow(p, alpha + 1) - alpha * pow(p, alpha) * (1 - p) * log1mP)
        }
      }
    }
    return gradient
  }

  /// `log(1 + eˣ)` without overflow.
  static func softplus(_ x: Float) -> Float { x > 0 ? x + log1p(exp(-x)) : log1p(exp(x)) }

  /// The logistic function, stable for large |x|.
  static func sigmoid(_ x: Float) -> Float { x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)) }
}
