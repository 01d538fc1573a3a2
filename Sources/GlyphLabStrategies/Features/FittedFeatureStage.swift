import GlyphLabCore

/// A fitted ``FeatureStage``.
public protocol FittedFeatureStage: Sendable {
  /// The name of the transform it was fitted from.
  var name: String { get }
  /// The row length it accepts.
  var inputDimension: Int { get }
  /// The row length it produces.
  var outputDimension: Int { get }
  /// Transforms every row of `features`. Throws on a row length other than
  /// ``inputDimension`` or a NaN.
  func transform(_ features: Matrix) throws -> Matrix
}
