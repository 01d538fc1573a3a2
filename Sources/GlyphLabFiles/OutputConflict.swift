/// Why a planned output may not be written, with a message that names the file and what it
/// holds.
public struct OutputConflict: Sendable, Equatable, CustomStringConvertible {
  /// The reason.
  public enum Reason: Sendable, Equatable {
    /// The output is the same file as the input at this path. Never allowed.
    case isInput(String)
    /// Two outputs of the command are one file (the other's path). Never allowed.
    case sameFileTwice(String)
    /// A directory is where the file would go. Never allowed.
    case directory
    /// A file of another kind is there: allowed only with `--replace-other-kind`.
    case otherKind(FileContent)
    /// An earlier file of the same kind is there: allowed only with `--overwrite`.
    case exists(FileContent)
  }

  /// The output.
  public let target: OutputTarget
  /// Why.
  public let reason: Reason

  /// Creates a conflict.
  public init(target: OutputTarget, reason: Reason) {
    self.target = target
    self.reason = reason
  }

  /// One line naming the file, what it holds and the way out.
  public var description: String {
    let file = target.displayPath
    switch reason {
    case .isInput(let input):
      let same = input == target.path ? "" : " (the same file as \(input))"
      return
        "\(file) is an input of this command\(same) and would also be written as its \(target.role); "
        + "an input is never overwritten, even with --overwrite: write the \(target.role) elsewhere"
    case .sameFileTwice(let other):
      return "\(file) would be written twice, as the \(target.role) and as \(other); give them different paths"
    case .directory:
      return "\(file) is a directory; the \(target.role) must be a file"
    case .otherKind(let content):
      return
        "\(file) holds \(content), but the \(target.role) is \(target.kind); it is not replaced even with "
        + "--overwrite: write the \(target.role) elsewhere, or pass --replace-other-kind to replace it"
    case .exists(let content):
      let other = target.alternative.map { ", or \($0)" } ?? ""
      return "\(file) exists and holds \(content); pass --overwrite to replace it\(other), or write elsewhere"
    }
  }
}
