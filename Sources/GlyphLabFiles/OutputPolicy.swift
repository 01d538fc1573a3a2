/// What a command may replace: the `--overwrite` and `--replace-other-kind` flags every
/// writing command takes.
public struct OutputPolicy: Sendable, Equatable {
  /// Replace earlier outputs of the same kind (default false).
  public var overwrite: Bool
  /// Also replace files of another kind (default false); implies ``overwrite`` for them.
  public var replaceOtherKind: Bool

  /// A policy; the default replaces nothing.
  public init(overwrite: Bool = false, replaceOtherKind: Bool = false) {
    self.overwrite = overwrite
    self.replaceOtherKind = replaceOtherKind
  }
}
