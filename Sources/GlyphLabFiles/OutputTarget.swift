/// One file a command will write: the path given, its real path, what kind of file it
/// is, and what it is for (in messages).
public struct OutputTarget: Sendable, Equatable {
  /// What a command does with a file already at the path.
  public enum Existing: Sendable, Equatable {
    /// Replaces it: allowed only with `--overwrite` (and `--replace-other-kind` for a file
    /// of another kind).
    case replace
    /// Continues or extends it (`run --resume`, `datasets import features`): allowed
    /// without `--overwrite` when it is of the same kind.
    case update
  }

  /// The path as given.
  public let path: String
  /// The path with every link resolved (``RealPath``): the file that is staged, locked and
  /// replaced.
  public let realPath: String
  /// The kind of file written.
  public let kind: OutputKind
  /// What the file is, e.g. "run log", "report", "chart".
  public let role: String
  /// What happens to a file already there.
  public let existing: Existing
  /// Another way out when the file exists, e.g. "--resume to finish its remaining runs".
  public let alternative: String?

  /// An output at `path` of `kind`, described as `role` in messages.
  public init(
    _ path: String, kind: OutputKind, role: String, existing: Existing = .replace, alternative: String? = nil
  ) {
    self.path = path
    realPath = RealPath.resolve(path)
    self.kind = kind
    self.role = role
    self.existing = existing
    self.alternative = alternative
  }

  /// What the file holds now.
  public var content: FileContent { FileContent(at: realPath) }

  /// The path for messages: as given, with the real path when a link leads elsewhere.
  public var displayPath: String {
    RealPath.absolute(path) == realPath ? path : "\(path) (→ \(realPath))"
  }
}
