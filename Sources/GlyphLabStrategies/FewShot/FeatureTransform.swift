import GlyphLabCore

/// SimpleShot's feature transforms (Wang et al. 2019, "SimpleShot: Revisiting
/// Nearest-Neighbor Classification for Few-Shot Learning"), applied to support and query
/// rows alike before a classifier sees them. Compose one with any classifier through
/// ``TransformedClassifier`` (or ``FewShotClassifier/transformed(by:)``).
public enum FeatureTransform: Sendable, Equatable {
  /// UN: the features as they are.
  case unnormalized
  /// L2N: each row divided by its Euclidean norm (all-zero rows stay zero).
  case l2Normalized
  /// CL2N: `mean` (of a base set) subtracted from each row, then L2N. A row equal to the
  /// mean becomes zero.
  case centeredL2Normalized(mean: [Float])

  /// CL2N centred on the column means of `base`, e.g. the features of the training
  /// (base) classes, as in SimpleShot.
  ///
  /// Throws when `base` has no rows or holds a NaN or infinity.
  ///
  /// - Complexity: O(rows × columns).
  public static func centeredL2Normalized(base: Matrix) throws -> FeatureTransform {
    guard base.rows > 0 else {
      throw GlyphLabError.invalidArgument(
        operation: "FeatureTransform", name: "base", value: "0 rows",
        reason: "CL2N needs a base set to take the mean of")
    }
    try base.requireFinite(operation: "FeatureTransform", argument: "base")
    return .centeredL2Normalized(mean: base.columnMeans())
  }

  /// A short name for reports: "un", "l2n" or "cl2n".
  public var name: String {
    switch self {
    case .unnormalized: return "un"
    case .l2Normalized: return "l2n"
    case .centeredL2Normalized: return "cl2n"
    }
  }

  /// The transformed rows of `x`.
  ///
  /// Throws ``GlyphLabError/shapeMismatch(operation:detail:)`` when a CL2N mean does not
  /// have one value per column.
  ///
  /// - Complexity: O(rows × columns).
  public func apply(_ x: Matrix) throws -> Matrix {
    switch self {
    case .unnormalized:
      return x
    case .l2Normalized:
      return x.rowNormalized()
    case .centeredL2Normalized(let mean):
      guard mean.count == x.columns else {
        throw GlyphLabError.shapeMismatch(
          operation: "FeatureTransform.cl2n",
          detail: "the base mean has \(mean.count) values, the features \(x.columns) columns")
      }
      var out = x
      try out.subtractFromRows(mean)
      out.normalizeRows()
      return out
    }
  }
}
