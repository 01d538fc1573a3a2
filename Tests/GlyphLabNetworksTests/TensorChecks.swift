import GlyphLabTestSupport
import Testing

@testable import GlyphLabNetworks

/// Comparison helpers for the network tests.
enum TensorChecks {
  /// Reads `{shape, values}` from a reference JSON object as a tensor.
  static func tensor(_ object: Any?) throws -> Tensor {
    let dictionary = object as? [String: Any] ?? [:]
    return try Tensor(
      shape: ReferenceJSON.ints(dictionary["shape"]), values: ReferenceJSON.floats(dictionary["values"]))
  }

  /// The largest violation of `|a − e| ≤ max(abs, rel·|e|)`, as a ratio (≤ 1 passes).
  static func worstRatio(_ actual: [Float], _ expected: [Float], rel: Float = 1e-4, abs: Float = 1e-5) -> Float {
    var worst: Float = 0
    for (a, e) in zip(actual, expected) {
      let allowed = max(abs, rel * Swift.abs(e))
      worst = max(worst, Swift.abs(a - e) / allowed)
    }
    return worst
  }

  /// Expects `actual` to match `expected` element by element (shape included).
  static func expectMatch(
    _ actual: Tensor, _ expected: Tensor, _ what: String, rel: Float = 1e-4, abs: Float = 1e-5,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(actual.shape == expected.shape, "\(what): shape", sourceLocation: sourceLocation)
    guard actual.shape == expected.shape else { return }
    let ratio = worstRatio(actual.values, expected.values, rel: rel, abs: abs)
    #expect(ratio <= 1, "\(what): worst error is \(ratio)× the tolerance", sourceLocation: sourceLocation)
  }
}
