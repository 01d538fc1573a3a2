/// Efficiency and accuracy at the budget recomputed under other typing costs, from the
/// logged per-round action counts alone (`curve/cost`, `curve/accuracy`,
/// `curve/actions_type`, `curve/actions_correct`, the `costs.type` and `pipeline.budget`
/// parameters and the `glyphs` scalar).
///
/// Each round's cumulative cost becomes `cost + typed × (c − c₀)`, where `typed` counts the
/// labels typed so far (typed outright, or typed after rejecting a suggestion) and `c₀` is the
/// logged typing cost; manual entry becomes `glyphs × c`. The people's choices are held as
/// logged, so this prices the same work differently: it does not rerun the pipeline. With
/// grids (`pipeline.verify_clusters`) a label typed inside a grid is not counted separately,
/// so those runs are marked inexact. Under a `manual/N` budget the budget scales with `c`; when
/// a run stopped on its logged budget before the new one was spent, its accuracy at the new
/// budget is only a lower bound.
public struct CostSensitivity: Sendable, Equatable {
  /// One typing cost.
  public struct Point: Sendable, Equatable {
    /// Seconds to type one label.
    public var typeSeconds: Double
    /// Efficiency against manual entry at the target, per seed (NaN: not reached).
    public var efficiency: MetricSummary
    /// Accuracy at the budget (the last round whose recomputed cost is within it).
    public var accuracyAtBudget: MetricSummary
    /// Runs whose accuracy at the budget is a lower bound (they stopped before spending it).
    public var lowerBounds: Int
  }

  /// The published baseline: 1,000 characters per 8-hour expert-day, 28.8 s per character.
  public static let publishedTypeSeconds = 8 * 3600.0 / 1000
  /// The typing costs shown, besides the logged one.
  public static let typingCosts: [Double] = [1, 2, 4, 8, 16, publishedTypeSeconds]

  /// The logged typing cost (nil when the runs disagree or do not record it).
  public var loggedTypeSeconds: Double?
  /// One point per typing cost, ascending.
  public var points: [Point]
  /// Runs with grids, whose recomputation is inexact.
  public var inexactRuns: Int
  /// The runs used.
  public var runCount: Int

  /// The sensitivity of `configuration` at accuracy `target`; nil if its runs lack the
  /// curves or parameters it needs.
  public init?(configuration: RunConfiguration, target: Double) {
    let runs = configuration.runs.compactMap { Self.Run($0) }
    guard !runs.isEmpty, runs.count == configuration.runs.count else { return nil }
    let logged = Set(runs.map(\.typeSeconds))
    loggedTypeSeconds = logged.count == 1 ? logged.first : nil
    let costs = Set(Self.typingCosts + logged).sorted()
    points = costs.map { c in
      let results = runs.map { $0.priced(at: c, target: target) }
      let efficiency = MetricSummary(values: results.map { Optional($0.efficiency) })
      let accuracy = MetricSummary(values: results.map { Optional($0.accuracy) })
      return Point(
        typeSeconds: c, efficiency: efficiency, accuracyAtBudget: accuracy,
        lowerBounds: results.count(where: \.lowerBound))
    }
    inexactRuns = runs.count(where: \.grids)
    runCount = runs.count
  }

  /// What one run needs.
  struct Run {
    var cost: [Double]
    var accuracy: [Double]
    var typed: [Double]
    var typeSeconds: Double
    var glyphs: Double
    var budget: Budget
    var stoppedOnBudget: Bool
    var grids: Bool

    enum Budget {
      case unlimited
      case seconds(Double)
      case manualDividedBy(Double)
    }

    init?(_ run: RunRecord) {
      func parameter(_ key: String) -> JSONValue? { run.parameters.first { $0.key == key }?.value }
      guard let cost = run.curves["cost"], let accuracy = run.curves["accuracy"], cost.count == accuracy.count,
        !cost.isEmpty, let c0 = parameter("costs.type")?.numericValue, c0 > 0,
        let glyphs = run.scalars["glyphs"] ?? run.scalars["manual_cost"].map({ $0 / c0 })
      else { return nil }
      let type = run.curves["actions_type"] ?? Array(repeating: 0, count: cost.count)
      let correct = run.curves["actions_correct"] ?? Array(repeating: 0, count: cost.count)
      guard type.count == cost.count, correct.count == cost.count else { return nil }
      var total = 0.0
      typed = zip(type, correct).map { a, b in
        total += a + b
        return total
      }
      self.cost = cost
      self.accuracy = accuracy
      typeSeconds = c0
      self.glyphs = glyphs
      let text = parameter("pipeline.budget")?.text.trimmingCharacters(in: .whitespaces) ?? "unlimited"
      if text.hasPrefix("manual/"), let n = Double(text.dropFirst("manual/".count)), n > 0 {
        budget = .manualDividedBy(n)
      } else if let seconds = Double(text), seconds > 0 {
        budget = .seconds(seconds)
      } else {
        budget = .unlimited
      }
      stoppedOnBudget = ["budget", "max-rounds"].contains(run.texts["stop_reason"] ?? "")
      if case .bool(true)? = parameter("pipeline.verify_clusters") { grids = true } else { grids = false }
    }

    /// Efficiency, accuracy at the budget, and whether that accuracy is a lower bound, at `c`.
    func priced(at c: Double, target: Double) -> (efficiency: Double, accuracy: Double, lowerBound: Bool) {
      let priced = zip(cost, typed).map { $0 + $1 * (c - typeSeconds) }
      let manual = glyphs * c
      var efficiency = Double.nan
      for r in priced.indices where accuracy[r] >= target {
        var reach = priced[r]
        if r > 0, accuracy[r - 1] < target, accuracy[r] > accuracy[r - 1] {
          let t = (target - accuracy[r - 1]) / (accuracy[r] - accuracy[r - 1])
          reach = priced[r - 1] + t * (priced[r] - priced[r - 1])
        }
        if reach > 0 { efficiency = manual / reach }
        break
      }
      func budgetLimit(_ typing: Double) -> Double? {
        switch budget {
        case .unlimited: return nil
        case .seconds(let s): return s
        case .manualDividedBy(let n): return glyphs * typing / n
        }
      }
      guard let limit = budgetLimit(c), let loggedLimit = budgetLimit(typeSeconds) else {
        return (efficiency, accuracy.last ?? .nan, false)
      }
      guard let last = priced.lastIndex(where: { $0 <= limit + 1e-9 }) else { return (efficiency, .nan, false) }
      // A run that stopped on its budget had less left than its next action; under the new
      // price it could have gone on if at least one more typed label's worth is left over.
      let leftOver = limit - (priced.last ?? 0)
      let loggedLeftOver = loggedLimit - (cost.last ?? 0)
      let ranOut = last == priced.count - 1 && stoppedOnBudget && leftOver > loggedLeftOver + c
      return (efficiency, accuracy[last], ranOut)
    }
  }
}
