import GlyphLabFiles
import GlyphLabRunLog

extension ExperimentRunner {
  /// The files the runs read: the spec, and every ``ParameterType/file`` parameter of every
  /// run (datasets, recipes, weights), each once, in first-use order.
  public var inputPaths: [String] {
    var seen: Set<String> = []
    var paths: [String] = []
    func add(_ path: String) {
      if !path.isEmpty && seen.insert(path).inserted { paths.append(path) }
    }
    add(spec.path)
    let schema = spec.kind.schema
    for parameters in runs.configurationParameters {
      for (key, value) in parameters.values.sorted(by: { $0.key < $1.key }) {
        guard schema.definition(key)?.type == .file, case .string(let path) = value else { continue }
        add(path)
      }
    }
    return paths
  }

  /// What the experiment reads and writes: its inputs and, unless ``RunnerOptions/writesLog``
  /// is false, its log (continued with ``RunnerOptions/resume``, replaced otherwise).
  public var outputPlan: OutputPlan {
    guard options.writesLog else { return OutputPlan(inputs: inputPaths) }
    let log = OutputTarget(
      logPath, kind: .hdf5(format: RunLogLayout.format), role: "run log", existing: options.resume ? .update : .replace,
      alternative: "--resume to finish its remaining runs")
    return OutputPlan(inputs: inputPaths, outputs: [log])
  }

  /// The ``RunnerOptions``' `overwrite` and `replaceOtherKind`.
  public var outputPolicy: OutputPolicy {
    OutputPolicy(overwrite: options.overwrite, replaceOtherKind: options.replaceOtherKind)
  }

  /// What stops the run from writing its log (empty if nothing does); ``run(onEvent:)``
  /// throws them as an ``GlyphLabFiles/OutputError`` before any work starts.
  public func outputConflicts() -> [OutputConflict] { outputPlan.conflicts(outputPolicy) }
}
