/// A problem with an annotation session, its log or its calibration, with a message that
/// names what is wrong.
public struct AnnotationError: Error, CustomStringConvertible, Sendable {
  /// What is wrong.
  public var description: String

  /// An error saying `description`.
  public init(_ description: String) { self.description = description }
}
