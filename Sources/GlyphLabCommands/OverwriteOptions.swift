import ArgumentParser
import GlyphLabFiles

/// The flags every command that writes files takes to replace them: `--overwrite` and
/// `--replace-other-kind` (the old spellings `--force` and `--replace` still work for a
/// release, hidden, with a deprecation note). The rule they relax is ``OutputPlan``'s.
struct OverwriteOptions: ParsableArguments {
  @Flag(help: "Replace outputs that exist (never an input, nor a file of another kind).")
  var overwrite = false

  @Flag(help: "Also replace a file that holds another kind of data, e.g. a dataset where a run log goes.")
  var replaceOtherKind = false

  @Flag(name: .customLong("force"), help: .hidden)
  var deprecatedForce = false

  @Flag(name: .customLong("replace"), help: .hidden)
  var deprecatedReplace = false

  /// Notes each deprecated spelling used, once, on standard error.
  func validate() throws {
    if deprecatedForce { Deprecation.note("--force", use: "--overwrite") }
    if deprecatedReplace { Deprecation.note("--replace", use: "--overwrite") }
  }

  /// The policy the flags give.
  func policy() -> OutputPolicy {
    OutputPolicy(overwrite: overwrite || deprecatedForce || deprecatedReplace, replaceOtherKind: replaceOtherKind)
  }

  /// Checks `plan` under the flags; throws an ``OutputError`` naming every conflict.
  func check(_ plan: OutputPlan) throws { try plan.check(policy()) }
}
