import ArgumentParser
import GlyphLabRunner

extension GlyphLab {
  /// `glyphlab merge OUT IN…`: combines shard logs.
  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Merge run logs of one experiment (e.g. a sweep's shards) into one log.")

    @Argument(help: "The merged log to write.")
    var output: String

    @Argument(help: "The logs to merge (same spec).")
    var inputs: [String]

    @Flag(help: "Replace the output if it exists.")
    var overwrite = false

    @Flag(help: "Merge logs although their input files' fingerprints differ.")
    var allowChangedInputs = false

    func validate() throws {
      if inputs.isEmpty { throw ValidationError("give at least one input log") }
    }

    func run() throws {
      let summary = try RunLogMerger.merge(
        inputs: inputs, into: output, overwrite: overwrite,
        command: CommandLine.arguments.map(Run.quoted).joined(separator: " "), allowChangedInputs: allowChangedInputs)
      print(
        "\(summary.output): \(summary.complete) complete, \(summary.failed) failed, \(summary.running) running, "
          + "\(summary.missing) planned run(s) in no input")
    }
  }
}
