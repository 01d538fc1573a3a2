/// A run's `status` attribute. Only complete runs enter the statistics; the others are
/// listed in the report so nothing silently disappears.
public enum RunStatus: Sendable, Hashable {
  /// The run was still going when the log was written.
  case running
  /// The run finished and its scalars are final.
  case complete
  /// The run stopped with an error (see ``RunRecord/error``).
  case failed
  /// The run was stopped by SIGINT or SIGTERM; `--resume` runs it again.
  case interrupted
  /// A status this reader does not know, kept verbatim.
  case other(String)

  /// Reads the attribute's text.
  public init(_ text: String) {
    switch text {
    case "running": self = .running
    case "complete": self = .complete
    case "failed": self = .failed
    case "interrupted": self = .interrupted
    default: self = .other(text)
    }
  }

  /// The text as stored in the log.
  public var text: String {
    switch self {
    case .running: return "running"
    case .complete: return "complete"
    case .failed: return "failed"
    case .interrupted: return "interrupted"
    case .other(let text): return text
    }
  }
}
