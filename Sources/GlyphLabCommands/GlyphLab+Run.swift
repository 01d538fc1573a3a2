import ArgumentParser
import Foundation
import GlyphLabRunner

extension GlyphLab {
  /// `glyphlab run SPEC [key=value…]`: runs an experiment spec into its HDF5 run log.
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run an experiment spec (sweep × ablation × seeds) into its HDF5 run log.",
      discussion: """
        Overrides change any key of the spec with a dotted path and a YAML value, e.g.
        clustering.clusters=20, seeds=[1,2,3], sweep.features.downsample=[1,2]; a key that is not
        a top-level key is under `parameters`. docs/experiments.md describes specs, and
        docs/run-log.md the log.
        """)

    @Argument(help: "The spec (YAML), e.g. Experiments/clustering-smoke.yaml.")
    var spec: String

    @Argument(help: "Overrides: dotted.key=value.")
    var overrides: [String] = []

    @Flag(help: "Continue the log: skip its complete runs and run the rest.")
    var resume = false

    @Flag(help: "Replace an existing log.")
    var overwrite = false

    @Flag(help: "With --resume: continue although an input file changed since the log was created.")
    var allowChangedInputs = false

    @Option(help: "Run only shard i of n (0 <= i < n), e.g. for a Slurm array job.")
    var shard: String?

    @Option(help: "Runs at once (default: the number of cores).")
    var jobs: Int?

    @Option(help: "The log file (default: the spec's `log:`, or Reports/<experiment>.h5).")
    var log: String?

    @Flag(help: "Run without writing a log (to time an experiment without logging).")
    var noLog = false

    @Flag(help: "Check the spec and list the runs (id, seed, sweep values, ablation) without running them.")
    var dryRun = false

    func validate() throws {
      if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    func run() throws {
      let spec = try ExperimentSpec.load(path: self.spec, overrides: overrides)
      var options = RunnerOptions()
      options.logPath = log
      options.resume = resume
      options.overwrite = overwrite
      options.allowChangedInputs = allowChangedInputs
      options.shard = try shard.map { try RunShard(parsing: $0) }
      options.jobs = jobs
      options.writesLog = !noLog
      options.command = CommandLine.arguments.map(Self.quoted).joined(separator: " ")
      let runner = try ExperimentRunner(spec: spec, options: options)
      if dryRun {
        print(
          "\(spec.experiment) (\(spec.kindName)): \(runner.runs.count) run(s) of \(spec.runs.count) → \(runner.logPath)"
        )
        for run in runner.runs {
          let sweep = run.sweep.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
          print("\(run.id)  seed \(run.seed)  \(sweep.isEmpty ? "-" : sweep)  \(run.ablation)")
        }
        return
      }
      let printer = RunProgressPrinter(keyMetrics: spec.kind.keyMetrics)
      let summary = try runner.run { printer.handle($0) }
      print(
        "\(spec.experiment): \(summary.completed) complete, \(summary.failed) failed, \(summary.skipped) skipped "
          + String(
            format: "in %.1f s (log writing %.2f s in %d commits)", summary.wallSeconds, summary.logSeconds,
            summary.commits)
          + (summary.logPath.isEmpty ? "" : "; log \(summary.logPath)"))
      if summary.failed > 0 {
        FileHandle.standardError.write(
          Data("\(summary.failed) run(s) failed; `glyphlab runs \(summary.logPath)` shows why\n".utf8))
        throw ExitCode(1)
      }
    }

    /// An argument as a POSIX shell would need it.
    static func quoted(_ argument: String) -> String {
      let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
      if !argument.isEmpty && argument.allSatisfy(safe.contains) { return argument }
      return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
  }
}
