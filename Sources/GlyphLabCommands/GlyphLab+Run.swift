import ArgumentParser
import Foundation
import GlyphLabFiles
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
    var spec: String?

    @Argument(help: "Overrides: dotted.key=value.")
    var overrides: [String] = []

    @Flag(help: "Continue the log: skip its complete runs and run the rest.")
    var resume = false

    @OptionGroup var replacing: OverwriteOptions

    @OptionGroup var blas: BLASOptions

    @Flag(help: "With --resume: continue although an input file changed since the log was created.")
    var allowChangedInputs = false

    @Option(help: "Run only shard i of n (0 <= i < n), e.g. for a Slurm array job.")
    var shard: String?

    @Option(help: "Runs at once (default: the number of cores).")
    var jobs: Int?

    @Option(
      name: [.customLong("out"), .customShort("o")],
      help: "The run log (default: the spec's `log:`, or Reports/<experiment>.h5).")
    var out: String?

    @Option(name: .customLong("log"), help: .hidden)
    var deprecatedLog: String?

    @Flag(help: "Run without writing a log (to time an experiment without logging).")
    var noLog = false

    @Flag(help: "Without a terminal, print one line per round of each run to stderr.")
    var verbose = false

    @Flag(
      help:
        "Check the spec and its inputs (datasets, features, episodes), list the runs (id, seed, sweep values, ablation) and report output conflicts, without running."
    )
    var dryRun = false

    @Option(help: "Print every parameter of experiment kind KIND (key, type, default, doc) and exit.")
    var listParameters: String?

    func validate() throws {
      if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    func run() throws {
      if let name = listParameters {
        print(try ExperimentRegistry.standard.requireKind(named: name).schema.listing())
        return
      }
      blas.apply()
      guard let path = self.spec else { throw ValidationError("give a spec (YAML), or --list-parameters KIND") }
      var spec = try ExperimentSpec.load(path: path, overrides: overrides)
      let policy = replacing.policy()
      var options = RunnerOptions()
      options.logPath = try Deprecation.value(out, named: "--out", deprecated: deprecatedLog, named: "--log")
      options.resume = resume
      options.overwrite = policy.overwrite
      options.replaceOtherKind = policy.replaceOtherKind
      options.blasThreads = blas.threads
      options.allowChangedInputs = allowChangedInputs
      options.shard = try shard.map { try RunShard(parsing: $0) }
      options.jobs = jobs
      options.writesLog = !noLog
      options.command = CommandLine.arguments.map(Self.quoted).joined(separator: " ")
      if resume {
        // --resume takes the overrides from the log; the command line need not repeat them.
        let logPath = try ExperimentRunner(spec: spec, options: options).logPath
        let (resumed, warning) = try ExperimentSpec.resumeOverrides(logPath: logPath, given: overrides)
        if let warning { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        if resumed != overrides { spec = try ExperimentSpec.load(path: path, overrides: resumed) }
      }
      let signals = dryRun ? nil : InterruptSignals()
      options.interrupt = signals?.interrupt
      let runner = try ExperimentRunner(spec: spec, options: options)
      if dryRun {
        try runner.checkInputs()
        print(
          "\(spec.experiment) (\(spec.kindName)): \(runner.runs.count) run(s) of \(spec.runs.count) → \(runner.logPath)"
        )
        for run in runner.runs {
          let sweep = run.sweep.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
          print("\(run.id)  seed \(run.seed)  \(sweep.isEmpty ? "-" : sweep)  \(run.ablation)")
        }
        let conflicts = runner.outputConflicts()
        for conflict in conflicts { FileHandle.standardError.write(Data("conflict: \(conflict)\n".utf8)) }
        if !conflicts.isEmpty { throw ExitCode(1) }
        return
      }
      let printer = RunProgressPrinter(keyMetrics: spec.kind.keyMetrics, verbose: verbose)
      let summary = try runner.run { printer.handle($0) }
      if let signal = summary.interruptedBy {
        var resume = ["glyphlab", "run", path, "--resume"]
        if let logPath = options.logPath { resume += ["--out", logPath] }
        if let shard { resume += ["--shard", shard] }
        FileHandle.standardError.write(
          Data(
            ("\(spec.experiment): interrupted by \(InterruptSignals.name(signal)): \(summary.completed) complete, "
              + "\(summary.interrupted) marked interrupted; log committed (\(runner.logPath)) and unlocked.\n"
              + "Resume with: \(resume.map(Self.quoted).joined(separator: " "))\n").utf8))
        // Not `throw ExitCode`: the workers may still be running (see `exitNow`).
        InterruptSignals.exitNow(128 + signal)
      }
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
