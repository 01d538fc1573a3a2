import Dispatch
import Foundation
import GlyphLabCore
import GlyphLabStrategies

/// The system under study: a loop that recognises while it trains.
///
/// 1. The glyphs are clustered (once).
/// 2. People label: the query strategy chooses glyphs; each is shown with its cluster as a
///    grid to verify (or alone, to type or to confirm a suggestion).
/// 3. The labels propagate: a verified grid settles every member that matches.
/// 4. A few-shot model is fitted on everything people settled and recognises the rest.
/// 5. The strategy chooses what people look at next, from the model's uncertainty.
/// 6. The model is retrained, and so on, until the budget is spent, the target accuracy is
///    reached, or nothing changes.
///
/// People are simulated with the ground truth (``SimulatedAnnotator``), so every strategy is
/// compared on the same budget and cost model.
public struct HumanInTheLoopPipeline: Sendable {
  public var configuration: PipelineConfiguration
  public var clustering: any ClusteringMethod
  public var classifier: any FewShotClassifier
  public var strategy: any QueryStrategy
  public var costs: AnnotationCostModel

  public init(
    configuration: PipelineConfiguration, clustering: any ClusteringMethod, classifier: any FewShotClassifier,
    strategy: any QueryStrategy, costs: AnnotationCostModel = .standard
  ) {
    self.configuration = configuration
    self.clustering = clustering
    self.classifier = classifier
    self.strategy = strategy
    self.costs = costs
  }

  /// Checks the configuration; every problem names the parameter.
  public func validate() throws {
    let c = configuration
    guard c.target > 0, c.target <= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: "pipeline", name: "target", value: "\(c.target)", reason: "must be in (0, 1]")
    }
    if let budget = c.budgetSeconds, !(budget > 0) {
      throw GlyphLabError.invalidArgument(
        operation: "pipeline", name: "budget", value: "\(budget)", reason: "must be positive (omit it for no limit)")
    }
    for (name, value) in [
      ("batch_size", c.batchSize), ("max_rounds", c.maxRounds), ("max_grid_size", c.maxGridSize),
      ("prediction_block", c.predictionBlock), ("kept_classes", c.keptClasses),
    ] where value < 1 {
      throw GlyphLabError.invalidArgument(
        operation: "pipeline", name: name, value: "\(value)", reason: "must be at least 1")
    }
  }

  /// Runs the loop on `features` (one row per glyph) with the ground truth `truth`.
  /// `onRound` sees each round as it completes (the run log appends it).
  ///
  /// - Complexity: per round, one clustering-free fit and prediction over the unsettled
  ///   glyphs in blocks of `predictionBlock`; memory O(N × keptClasses + block × classes).
  public func run(
    features: Matrix, truth: [Int32], onRound: ((PipelineRound) throws -> Void)? = nil
  ) throws -> PipelineResult {
    try validate()
    let n = features.rows
    guard truth.count == n else {
      throw GlyphLabError.shapeMismatch(
        operation: "pipeline", detail: "\(truth.count) labels for \(n) feature rows")
    }
    guard n > 0 else {
      throw GlyphLabError.invalidArgument(operation: "pipeline", name: "glyphs", value: "0", reason: "nothing to label")
    }
    try features.requireFinite(operation: "pipeline", argument: "features")
    var person = try SimulatedAnnotator(truth: truth, costs: costs)
    var queryGenerator = SeededGenerator(seed: configuration.seed).derived("query")

    // 1. Cluster once (skipped when neither grids nor the strategy use clusters).
    let clusterStart = DispatchTime.now().uptimeNanoseconds
    let needsClusters = configuration.verifyClusters || strategy.usesClusters
    let clusters =
      needsClusters ? try clustering.cluster(features) : ClusteringResult(labels: [Int32](repeating: -1, count: n))
    let clusterSeconds = seconds(since: clusterStart)
    let index = try ClusterIndex(clusters, features: features)
    var clusterOf = [Int](repeating: -1, count: n)
    for (c, members) in index.members.enumerated() { for g in members { clusterOf[g] = c } }

    var settled = [Bool](repeating: false, count: n)
    var machine = [Int32](repeating: -1, count: n)
    var top: Matrix?  // pool × keptClasses probabilities, aligned with `pool`
    var topClasses: [[Int32]] = []
    var pool = Array(0..<n)
    var rounds: [PipelineRound] = []
    var stopReason = "max-rounds"
    let classCount = Int((truth.max() ?? -1) + 1)

    for round in 0..<configuration.maxRounds {
      let before = person.ledger
      // 2–3. People label what the strategy chooses; grids settle whole clusters.
      let context = QueryContext(
        features: features, pool: pool, labeled: settled.indices.filter { settled[$0] },
        probabilities: top, clusters: clusters, round: round)
      let active: any QueryStrategy = top == nil && strategy.needsModel ? RandomQuery() : strategy
      let chosen = try active.select(count: configuration.batchSize, context: context, generator: &queryGenerator)
      var exhausted = false
      for g in chosen where !settled[g] {
        let suggestion: Int32? = configuration.suggest && machine[g] >= 0 ? machine[g] : nil
        if configuration.verifyClusters, clusterOf[g] >= 0 {
          let members: [Int]
          if configuration.gridSource == .prediction, machine[g] >= 0 {
            members = try predictionGrid(for: g, machine: machine, settled: settled, features: features)
          } else {
            members = gridMembers(for: g, cluster: index.membersByCentrality[clusterOf[g]], settled: settled)
          }
          let cost = person.verifyClusterCost(members, suggestion: suggestion)
          if let budget = configuration.budgetSeconds, person.ledger.totalSeconds + cost > budget {
            exhausted = true
            break
          }
          for m in person.verifyCluster(members, suggestion: suggestion).accepted { settled[m] = true }
        } else {
          let cost =
            suggestion == nil
            ? costs.typeSeconds
            : (suggestion == truth[g] ? costs.confirmSeconds : costs.correctLookSeconds + costs.typeSeconds)
          if let budget = configuration.budgetSeconds, person.ledger.totalSeconds + cost > budget {
            exhausted = true
            break
          }
          if let suggestion { person.review(g, suggestion: suggestion) } else { person.type(g) }
          settled[g] = true
        }
      }
      pool = pool.filter { !settled[$0] }

      // 4. Fit on everything people settled; recognise the rest.
      let supportIndices = settled.indices.filter { settled[$0] }
      var predictSeconds = 0.0
      if !supportIndices.isEmpty && !pool.isEmpty {
        let support = features.gathering(rows: supportIndices)
        let supportLabels = supportIndices.map { person.ledger.humanLabels[$0] ?? -1 }
        var kept = [Float]()
        kept.reserveCapacity(pool.count * configuration.keptClasses)
        topClasses = []
        var start = 0
        while start < pool.count {
          let end = min(pool.count, start + configuration.predictionBlock)
          let block = Array(pool[start..<end])
          let t0 = DispatchTime.now().uptimeNanoseconds
          let predictions = try classifier.predict(
            support: support, supportLabels: supportLabels, queries: features.gathering(rows: block))
          predictSeconds += seconds(since: t0)
          for (i, g) in block.enumerated() {
            machine[g] = predictions.labels[i]
            let (classes, probabilities) = mostLikely(predictions, row: i, keep: configuration.keptClasses)
            topClasses.append(classes)
            kept.append(contentsOf: probabilities)
          }
          start = end
        }
        top = try Matrix(rows: pool.count, columns: configuration.keptClasses, elements: kept)
      } else {
        top = nil
      }

      // Evaluate the digitised text.
      let point = evaluate(
        truth: truth, settled: settled, machine: machine, ledger: person.ledger, classCount: classCount)
      var actions: [String: Int] = [:]
      for action in AnnotationAction.allCases {
        let delta = (person.ledger.counts[action] ?? 0) - (before.counts[action] ?? 0)
        if delta > 0 { actions[action.rawValue] = delta }
      }
      var throughput: [String: Double] = [:]
      // A few-shot classifier fits inside each prediction call, so the two are timed together:
      // glyphs recognised per second, fitting included.
      if predictSeconds > 0 { throughput["fit_predict"] = Double(pool.count) / predictSeconds }
      if round == 0, needsClusters, clusterSeconds > 0 { throughput["cluster"] = Double(n) / clusterSeconds }
      let record = PipelineRound(
        index: round, point: point, actions: actions,
        seconds: person.ledger.totalSeconds - before.totalSeconds, throughput: throughput)
      rounds.append(record)
      try onRound?(record)

      // 5–6. Stop, or go round again.
      if point.accuracy >= configuration.target {
        stopReason = "target"
        break
      }
      if exhausted {
        stopReason = "budget"
        break
      }
      if person.ledger.settledCount == before.settledCount {
        stopReason = "no-change"
        break
      }
      if pool.isEmpty {
        stopReason = "no-change"
        break
      }
    }
    let finalLabels = (0..<n).map { settled[$0] ? (person.ledger.humanLabels[$0] ?? machine[$0]) : machine[$0] }
    return PipelineResult(
      rounds: rounds, curve: BudgetCurve(points: rounds.map(\.point)), ledger: person.ledger,
      finalLabels: finalLabels, touched: settled, stopReason: stopReason,
      manualCost: costs.manualEntryCost(glyphs: n),
      clusteringThroughput: needsClusters && clusterSeconds > 0 ? Double(n) / clusterSeconds : 0)
  }

  /// The unsettled members of a cluster nearest its centre, with `glyph` first, at most
  /// `maxGridSize`.
  func gridMembers(for glyph: Int, cluster: [Int], settled: [Bool]) -> [Int] {
    var members = [glyph]
    for m in cluster where m != glyph && !settled[m] {
      if members.count >= configuration.maxGridSize { break }
      members.append(m)
    }
    return members
  }

  /// The unsettled glyphs the model puts in `glyph`'s predicted class, nearest to it first,
  /// with `glyph` first, at most `maxGridSize`.
  func predictionGrid(for glyph: Int, machine: [Int32], settled: [Bool], features: Matrix) throws -> [Int] {
    let label = machine[glyph]
    let candidates = machine.indices.filter { machine[$0] == label && !settled[$0] && $0 != glyph }
    guard !candidates.isEmpty else { return [glyph] }
    let distances = try DistanceKernel().distances(
      queries: features.gathering(rows: candidates), references: features.rows(glyph..<(glyph + 1))
    ).elements
    let order = candidates.indices.sorted {
      distances[$0] != distances[$1] ? distances[$0] < distances[$1] : candidates[$0] < candidates[$1]
    }
    return [glyph] + order.prefix(configuration.maxGridSize - 1).map { candidates[$0] }
  }

  /// The `keep` most likely classes of row `i` and their probabilities, padded with zeros.
  func mostLikely(_ p: Predictions, row i: Int, keep: Int) -> ([Int32], [Float]) {
    let row = Array(p.probabilities.row(i))
    let order = row.indices.sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }.prefix(keep)
    var classes = order.map { p.classes[$0] }
    var values = order.map { row[$0] }
    while values.count < keep {
      values.append(0)
      classes.append(-1)
    }
    return (classes, values)
  }

  func evaluate(
    truth: [Int32], settled: [Bool], machine: [Int32], ledger: AnnotationLedger, classCount: Int
  )
    -> BudgetPoint
  {
    var correct = 0
    var machineCorrect = 0
    var machineCount = 0
    var labelled = 0
    var classTotal = [Int](repeating: 0, count: classCount)
    var classCorrect = [Int](repeating: 0, count: classCount)
    for g in truth.indices {
      let ok: Bool
      if settled[g] {
        ok = true
        labelled += 1
      } else {
        ok = machine[g] == truth[g]
        if machine[g] >= 0 {
          machineCount += 1
          labelled += 1
          if ok { machineCorrect += 1 }
        }
      }
      if ok { correct += 1 }
      classTotal[Int(truth[g])] += 1
      if ok { classCorrect[Int(truth[g])] += 1 }
    }
    let present = classTotal.indices.filter { classTotal[$0] > 0 }
    let macro =
      present.reduce(0.0) { $0 + Double(classCorrect[$1]) / Double(classTotal[$1]) } / Double(max(1, present.count))
    return BudgetPoint(
      labels: ledger.settledCount, cost: ledger.totalSeconds, accuracy: Double(correct) / Double(truth.count),
      machineAccuracy: machineCount > 0 ? Double(machineCorrect) / Double(machineCount) : nil,
      macroAccuracy: macro, coverage: Double(labelled) / Double(truth.count))
  }

  func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}
