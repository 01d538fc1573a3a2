import GlyphLabRunLog

/// An experiment's runs in expansion order (grid point, then ablation variant, then seed),
/// made when asked: the plan holds each configuration (grid point and variant) once and the
/// seeds, so its memory grows with the configurations, not with the runs, and a run's id is
/// computed when the run is read. A plan can be cut to one ``RunShard``'s share, lazily too.
///
/// - Complexity: reading a run is O(its parameters' canonical JSON) for the id's hash.
public struct RunPlan: RandomAccessCollection, Sendable {
  /// One grid point with one ablation variant: what its runs share.
  struct Configuration: Sendable {
    var parameters: ResolvedParameters
    var parametersJSON: String
    var sweep: [(key: String, value: ParameterValue)]
    var ablation: String
  }

  let kind: String
  let configurations: [Configuration]
  /// The seeds every configuration runs with.
  public let seeds: [UInt64]
  /// The expansion position of this plan's first run, and the step between its runs (1 for
  /// the whole experiment, n for a shard of n).
  let offset: Int
  let step: Int

  init(kind: String, configurations: [Configuration], seeds: [UInt64], offset: Int = 0, step: Int = 1) {
    self.kind = kind
    self.configurations = configurations
    self.seeds = seeds
    self.offset = offset
    self.step = step
  }

  /// The number of runs of the whole experiment.
  var total: Int { configurations.count * seeds.count }

  public var startIndex: Int { 0 }

  public var endIndex: Int { offset >= total ? 0 : (total - offset + step - 1) / step }

  /// Run `position` of this plan (its ``PlannedRun/index`` is its expansion position in the
  /// whole experiment).
  public subscript(position: Int) -> PlannedRun {
    let index = offset + position * step
    let configuration = configurations[index / seeds.count]
    return PlannedRun(
      kind: kind, index: index, parameters: configuration.parameters, seed: seeds[index % seeds.count],
      sweep: configuration.sweep, ablation: configuration.ablation, parametersJSON: configuration.parametersJSON)
  }

  /// The runs of `shard` (expansion position p with p mod count = index), in expansion order.
  public func shard(_ shard: RunShard) -> RunPlan {
    RunPlan(
      kind: kind, configurations: configurations, seeds: seeds, offset: offset + shard.index * step,
      step: step * shard.count)
  }

  /// The parameters of the configurations this plan has runs of, in expansion order, once
  /// each (a configuration's runs differ only in their seeds).
  ///
  /// - Complexity: O(configurations), however many runs.
  public var configurationParameters: [ResolvedParameters] {
    let count = seeds.count
    return configurations.indices.compactMap { c in
      // The first position at or after the configuration's first run that this plan holds.
      let from = Swift.max(c * count, offset)
      let first = offset + (from - offset + step - 1) / step * step
      return first < (c + 1) * count ? configurations[c].parameters : nil
    }
  }
}
