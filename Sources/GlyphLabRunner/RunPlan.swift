import GlyphLabRunLog

/// An experiment's runs in expansion order (grid point, then ablation variant, then seed),
/// made when asked: the plan holds each configuration (grid point and variant) once with its
/// seeds, so its memory grows with the configurations, not with the runs, and a run's id is
/// computed when the run is read. A plan can be cut to one ``RunShard``'s share, lazily too.
///
/// - Complexity: reading a run is O(log configurations) to find its configuration, plus
///   O(its parameters' canonical JSON) for the id's hash.
public struct RunPlan: RandomAccessCollection, Sendable {
  /// One grid point with one ablation variant: what its runs share, and the seeds it runs
  /// with (the experiment's, or an ablation component's own subset of them).
  struct Configuration: Sendable {
    var parameters: ResolvedParameters
    var parametersJSON: String
    var sweep: [(key: String, value: ParameterValue)]
    var ablation: String
    var seeds: [UInt64]
  }

  let kind: String
  let configurations: [Configuration]
  /// The expansion position of each configuration's first run, and then the total:
  /// configuration c has the runs starts[c]..<starts[c + 1].
  let starts: [Int]
  /// The expansion position of this plan's first run, and the step between its runs (1 for
  /// the whole experiment, n for a shard of n).
  let offset: Int
  let step: Int

  init(kind: String, configurations: [Configuration], offset: Int = 0, step: Int = 1) {
    self.kind = kind
    self.configurations = configurations
    var starts = [0]
    for configuration in configurations { starts.append(starts[starts.count - 1] + configuration.seeds.count) }
    self.starts = starts
    self.offset = offset
    self.step = step
  }

  /// The number of runs of the whole experiment.
  var total: Int { starts[starts.count - 1] }

  public var startIndex: Int { 0 }

  public var endIndex: Int { offset >= total ? 0 : (total - offset + step - 1) / step }

  /// The configuration whose runs hold expansion position `index` (0 ≤ index < total).
  func configurationIndex(holding index: Int) -> Int {
    // The last c with starts[c] <= index: a binary search over the starts.
    var low = 0
    var high = configurations.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if starts[middle] <= index { low = middle } else { high = middle - 1 }
    }
    return low
  }

  /// Run `position` of this plan (its ``PlannedRun/index`` is its expansion position in the
  /// whole experiment).
  public subscript(position: Int) -> PlannedRun {
    let index = offset + position * step
    let c = configurationIndex(holding: index)
    let configuration = configurations[c]
    return PlannedRun(
      kind: kind, index: index, parameters: configuration.parameters, seed: configuration.seeds[index - starts[c]],
      sweep: configuration.sweep, ablation: configuration.ablation, parametersJSON: configuration.parametersJSON)
  }

  /// The runs of `shard` (expansion position p with p mod count = index), in expansion order.
  public func shard(_ shard: RunShard) -> RunPlan {
    RunPlan(kind: kind, configurations: configurations, offset: offset + shard.index * step, step: step * shard.count)
  }

  /// The parameters of the configurations this plan has runs of, in expansion order, once
  /// each (a configuration's runs differ only in their seeds).
  ///
  /// - Complexity: O(configurations), however many runs.
  public var configurationParameters: [ResolvedParameters] {
    configurations.indices.compactMap { c in
      // The first position at or after the configuration's first run that this plan holds.
      let from = Swift.max(starts[c], offset)
      let first = offset + (from - offset + step - 1) / step * step
      return first < starts[c + 1] ? configurations[c].parameters : nil
    }
  }
}
