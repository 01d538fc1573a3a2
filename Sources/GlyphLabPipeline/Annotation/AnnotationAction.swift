/// The kinds of work a person does in the loop.
public enum AnnotationAction: String, Sendable, CaseIterable, Codable {
  /// Typed the label of one glyph.
  case type
  /// Accepted a correct machine suggestion.
  case confirm
  /// Replaced a wrong machine suggestion.
  case correct
  /// Verified a cluster grid and accepted its majority label.
  case verifyCluster = "verify-cluster"
  /// Marked a glyph of a grid as not belonging.
  case markWrong = "mark-wrong"
}
