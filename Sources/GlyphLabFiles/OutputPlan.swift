import Foundation

/// Everything a command will read and write, checked together before any work starts.
///
/// The one rule for every writing command: an input is never an output (real paths are
/// compared, so a link to an input counts as the input, and this holds even with
/// `--overwrite`); an existing output is replaced only with `--overwrite`; a file of another
/// kind only with `--replace-other-kind`; a directory never, unless the output is a
/// ``OutputKind/folder(_:marker:)`` and the directory holds its marker.
public struct OutputPlan: Sendable, Equatable {
  /// The paths read (files or folders), as given.
  public var inputs: [String]
  /// The files written.
  public var outputs: [OutputTarget]

  /// A plan reading `inputs` and writing `outputs`.
  public init(inputs: [String] = [], outputs: [OutputTarget] = []) {
    self.inputs = inputs
    self.outputs = outputs
  }

  /// What stops the plan under `policy`, in the order of ``outputs`` (empty when it may go
  /// ahead).
  ///
  /// - Complexity: O(inputs + outputs) path resolutions, plus one read of each existing
  ///   output's first bytes.
  public func conflicts(_ policy: OutputPolicy) -> [OutputConflict] {
    var inputsByRealPath: [String: String] = [:]
    for input in inputs where !input.isEmpty {
      let real = RealPath.resolve(input)
      if inputsByRealPath[real] == nil { inputsByRealPath[real] = input }
    }
    var written: [String: OutputTarget] = [:]
    var found: [OutputConflict] = []
    for target in outputs {
      if let input = inputsByRealPath[target.realPath] {
        found.append(OutputConflict(target: target, reason: .isInput(input)))
        continue
      }
      if let other = written[target.realPath] {
        found.append(OutputConflict(target: target, reason: .sameFileTwice("the \(other.role) \(other.path)")))
        continue
      }
      written[target.realPath] = target
      let content = target.content
      switch (content, target.kind) {
      case (.none, _), (.empty, _): continue
      case (.directory, .folder(_, let marker)):
        if !FileManager.default.fileExists(atPath: (target.realPath as NSString).appendingPathComponent(marker)) {
          if !policy.replaceOtherKind { found.append(OutputConflict(target: target, reason: .otherKind(content))) }
        } else if target.existing == .replace && !policy.overwrite {
          found.append(OutputConflict(target: target, reason: .exists(content)))
        }
      case (.directory, _): found.append(OutputConflict(target: target, reason: .directory))
      default:
        if !target.kind.accepts(content) {
          if !policy.replaceOtherKind { found.append(OutputConflict(target: target, reason: .otherKind(content))) }
        } else if target.existing == .replace && !policy.overwrite {
          found.append(OutputConflict(target: target, reason: .exists(content)))
        }
      }
    }
    return found
  }

  /// Throws an ``OutputError`` listing every conflict under `policy`, if there is one.
  public func check(_ policy: OutputPolicy) throws {
    let found = conflicts(policy)
    if !found.isEmpty { throw OutputError(found) }
  }
}
