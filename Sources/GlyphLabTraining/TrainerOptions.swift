/// How ``EncoderTrainer/train(options:progress:)`` runs, beyond the spec.
public struct TrainerOptions: Sendable {
  /// Continue from the checkpoint (an error if there is none).
  public var resume: Bool
  /// Replace an existing weights file, and start again over an existing checkpoint.
  public var overwrite: Bool
  /// Also replace a file of another kind at the weights or checkpoint path.
  public var replaceOtherKind: Bool
  /// The weights file (`nil` = the spec's `out:`).
  public var out: String?
  /// Compute threads (`nil` = the spec's `threads:`, else the process default). The weights
  /// do not depend on it.
  public var threads: Int?
  /// Stop with a checkpoint once this many steps of the run are done (`--resume` continues).
  public var stopAfterSteps: Int?
  /// The git commit of the code, recorded as provenance ("unknown" if not known).
  public var gitCommit: String

  /// Options; see the properties.
  public init(
    resume: Bool = false, overwrite: Bool = false, replaceOtherKind: Bool = false, out: String? = nil,
    threads: Int? = nil, stopAfterSteps: Int? = nil, gitCommit: String = "unknown"
  ) {
    self.resume = resume
    self.overwrite = overwrite
    self.replaceOtherKind = replaceOtherKind
    self.out = out
    self.threads = threads
    self.stopAfterSteps = stopAfterSteps
    self.gitCommit = gitCommit
  }
}
