import GlyphLabCore

/// Principal-component projection, optionally whitened, fitted on a chosen subset: Core's
/// ``PCA`` (scikit-learn's `PCA(svd_solver="covariance_eigh")`) as a feature stage.
///
/// Use it after an image extractor with ``ComposedFeatures``, e.g. HOG → PCA, or
/// pixels → PCA. The fitted stage projects with one SGEMM: the mean and (when whitening)
/// the 1/√variance scale are folded into the projection, so rows are never copied to be
/// centred.
public struct PCAFeatures: FeatureStage {
  /// Components to keep (default 32); at most the input dimension.
  public var components: Int
  /// Scale each component to unit variance on the fitting data (default false).
  public var whiten: Bool
  /// When whitening, the smallest variance a kept component may have, relative to the
  /// largest (default 1e-6, about single precision's resolution of the covariance). Below
  /// it the component is constant or linearly dependent features, rounding noise that
  /// whitening would blow up, and fitting throws.
  public var minimumRelativeVariance: Float

  /// Creates the stage; see the properties for the meaning and defaults.
  public init(components: Int = 32, whiten: Bool = false, minimumRelativeVariance: Float = 1e-6) {
    self.components = components
    self.whiten = whiten
    self.minimumRelativeVariance = minimumRelativeVariance
  }

  /// "pca<components>", with "w" appended when whitening.
  public var name: String { "pca\(components)" + (whiten ? "w" : "") }

  /// Fits on the rows of `features`. Throws on fewer than two rows, `components` outside
  /// 1...columns, NaN or infinity, and, when whitening, a kept component whose variance is
  /// zero or below ``minimumRelativeVariance`` of the largest.
  ///
  /// - Complexity: O(n·d² + d³), see ``PCA/fit(_:)``.
  public func fitted(on features: Matrix) throws -> any FittedFeatureStage {
    let model = try PCA(components: components, whiten: whiten).fit(features)
    if whiten, let largest = model.explainedVariance.first,
      let c = model.explainedVariance.firstIndex(where: { $0 <= minimumRelativeVariance * largest })
    {
      throw GlyphLabError.invalidArgument(
        operation: "PCAFeatures", name: "components", value: "\(components)",
        reason:
          "component \(c) has variance \(model.explainedVariance[c]), under \(minimumRelativeVariance) of the largest (\(largest)): the features are constant or linearly dependent in that direction, so it cannot be whitened; keep fewer components or set whiten = false"
      )
    }
    return try Fitted(model: model, name: name)
  }

  /// A fitted ``PCAFeatures``: y = (x − mean)·Wᵀ, W the components (each divided by its
  /// standard deviation when whitening).
  public struct Fitted: FittedFeatureStage {
    /// The fitted PCA.
    public let model: PCAModel
    /// The stage's name.
    public let name: String
    /// The projection W (`components × input`), whitening folded in.
    let projection: Matrix
    /// mean·Wᵀ, subtracted from every projected row.
    let offset: [Float]

    /// Wraps `model`.
    public init(model: PCAModel, name: String) throws {
      self.model = model
      self.name = name
      var projection = model.components
      if model.whiten {
        let k = projection.rows
        let d = projection.columns
        let scales = model.explainedVariance.map { 1 / $0.squareRoot() }
        projection.withUnsafeMutableBufferPointer { p in
          for c in 0..<k {
            for j in 0..<d { p[c * d + j] *= scales[c] }
          }
        }
      }
      self.projection = projection
      let mean = try Matrix(rows: 1, columns: model.mean.count, elements: model.mean)
      self.offset = try mean.multiplied(by: projection, transposeOther: .transposed).elements
    }

    /// The input dimension it was fitted on.
    public var inputDimension: Int { model.mean.count }
    /// The number of components.
    public var outputDimension: Int { projection.rows }

    /// Projects the rows of `features`.
    ///
    /// - Complexity: O(n·d·k), one SGEMM.
    public func transform(_ features: Matrix) throws -> Matrix {
      guard features.columns == inputDimension else {
        throw GlyphLabError.shapeMismatch(
          operation: name,
          detail: "features have \(features.columns) columns, the stage was fitted on \(inputDimension)")
      }
      try features.requireFinite(operation: name, argument: "features")
      let k = outputDimension
      var out = Matrix(rows: features.rows, columns: k)
      out.withUnsafeMutableBufferPointer { p in
        for i in 0..<features.rows {
          for j in 0..<k { p[i * k + j] = -offset[j] }
        }
      }
      try Matrix.gemm(features, .none, projection, .transposed, alpha: 1, beta: 1, into: &out)
      return out
    }
  }
}
