import ArgumentParser
import GlyphLabRunLog
import GlyphLabRunner

extension GlyphLab {
  /// `glyphlab merge --out OUT IN…`: combines shard logs.
  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Merge run logs of one experiment (e.g. a sweep's shards) into one log.")

    @Option(name: [.customLong("out"), .customShort("o")], help: "The merged log to write.")
    var out: String?

    @Argument(help: "The logs to merge (same spec). Without --out, the first is the merged log (deprecated).")
    var logs: [String] = []

    @OptionGroup var replacing: OverwriteOptions

    @OptionGroup var blas: BLASOptions

    @Flag(help: "Merge logs although their input files' fingerprints differ.")
    var allowChangedInputs = false

    func validate() throws {
      if logs.count < (out == nil ? 2 : 1) {
        throw ValidationError("give --out OUT and at least one input log")
      }
    }

    /// The merged log and the inputs: `--out` and every argument, or (the old form) the first
    /// argument and the rest.
    func paths() -> (output: String, inputs: [String]) {
      if let out { return (out, logs) }
      Deprecation.note("`merge OUT IN…`", use: "`merge --out OUT IN…`")
      return (logs[0], Array(logs.dropFirst()))
    }

    func run() throws {
      blas.apply()
      let (output, inputs) = paths()
      let policy = replacing.policy()
      let summary = try RunLogMerger.merge(
        inputs: inputs, into: output, overwrite: policy.overwrite, replaceOtherKind: policy.replaceOtherKind,
        command: CommandLine.arguments.map(Run.quoted).joined(separator: " "), allowChangedInputs: allowChangedInputs)
      print(
        "\(summary.output): \(summary.complete) complete, \(summary.failed) failed, \(summary.running) running, "
          + "\(summary.missing) planned run(s) in no input")
    }
  }
}
