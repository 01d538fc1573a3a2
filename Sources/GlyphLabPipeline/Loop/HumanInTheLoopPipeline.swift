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
/// compared on the same budget and cost model; or a person answers through an
/// ``Annotator`` (`glyphlab annotate`), on the same loop. The loop charges every answer with
/// ``costs``.
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
  ///   glyphs in blocks of `predictionBlock`; memory O(N × keptClasses), plus O(block ×
  ///   classes) for a classifier that ranks classes from dense probabilities (not the kNN with
  ///   distance probabilities).
  ///
  /// With `references` (labelled glyphs no person labelled, in the same feature space),
  /// the model is fitted on them before anyone labels anything, and they stay in its support
  /// in every round: round 0 then records the zero-label accuracy at no cost. With an
  /// `adapter`, the features are renewed every ``PipelineConfiguration/adaptEvery`` rounds
  /// from what people settled (for example by fine-tuning an encoder).
  public func run(
    features initialFeatures: Matrix, truth: [Int32], references: ReferenceSet? = nil,
    adapter: (any FeatureAdapter)? = nil, onRound: ((PipelineRound) throws -> Void)? = nil
  ) throws -> PipelineResult {
    var person = try SimulatedAnnotator(truth: truth, costs: costs)
    return try run(
      features: initialFeatures, truth: truth, annotator: &person, references: references, adapter: adapter,
      onRound: onRound)
  }

  /// Runs the loop as ``run(features:truth:references:adapter:onRound:)`` does, with
  /// `annotator` answering the queries instead of the ground truth. `truth` still scores
  /// every round (the curves), and is never shown to the annotator.
  public func run<A: Annotator>(
    features initialFeatures: Matrix, truth: [Int32], annotator: inout A, references: ReferenceSet? = nil,
    adapter: (any FeatureAdapter)? = nil, onRound: ((PipelineRound) throws -> Void)? = nil
  ) throws -> PipelineResult {
    try validate()
    let features = initialFeatures
    let n = features.rows
    guard truth.count == n else {
      throw GlyphLabError.shapeMismatch(
        operation: "pipeline", detail: "\(truth.count) labels for \(n) feature rows")
    }
    guard n > 0 else {
      throw GlyphLabError.invalidArgument(operation: "pipeline", name: "glyphs", value: "0", reason: "nothing to label")
    }
    try features.requireFinite(operation: "pipeline", argument: "features")
    if let references, references.features.columns != features.columns {
      throw GlyphLabError.shapeMismatch(
        operation: "pipeline",
        detail: "references have \(references.features.columns) features, glyphs \(features.columns)")
    }
    if adapter != nil, configuration.adaptEvery < 1 {
      throw GlyphLabError.invalidArgument(
        operation: "pipeline", name: "adapt_every", value: "\(configuration.adaptEvery)",
        reason: "must be at least 1 when features adapt")
    }
    if let bad = truth.firstIndex(where: { $0 < 0 }) {
      throw GlyphLabError.invalidArgument(
        operation: "pipeline", name: "labels", value: "-1 at glyph \(bad)",
        reason: "every glyph needs a true label to score the rounds")
    }
    var ledger = AnnotationLedger()
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
    var settledRound = [Int32](repeating: -1, count: n)
    var model = ModelState(
      features: features, references: references, pool: Array(0..<n), machine: [Int32](repeating: -1, count: n),
      top: nil, topClasses: [])
    var pool = Array(0..<n)
    var rounds: [PipelineRound] = []
    var stopReason = "max-rounds"
    let classCount = Int((truth.max() ?? -1) + 1)

    /// Installs a refit: the model the next queries come from, and its round's record.
    /// Returns whether the round reached the target.
    func install(_ refitted: RefitJob.Refitted) throws -> Bool {
      model = refitted.model
      // The model replaced holds the previous features (an adapter renews them): give their
      // pages back, or every adaptation leaves one feature matrix resident.
      ProcessMemory.releaseFreedMemory()
      rounds.append(refitted.record)
      try onRound?(refitted.record)
      try annotator.roundEnded(refitted.record, estimatedAccuracy: meanTopProbability(model.top))
      return configuration.stopAtTarget && refitted.record.point.accuracy >= configuration.target
    }

    // 0. With references the model recognises before anyone labels: record that point.
    let offset = references == nil ? 0 : 1
    if references != nil {
      let zero = try refit(
        model, settled: settled, ledger: ledger, before: ledger, pool: pool, round: -1, index: 0, adapter: nil,
        truth: truth, classCount: classCount, clusterRate: nil)
      var record = zero.record
      record.actions = [:]
      record.seconds = 0
      if try install((zero.model, record)) { stopReason = "target" }
    }

    // With background refits, the refit of the batch before runs while this one is answered.
    var running: RefitJob?
    defer { running?.finish() }
    for round in 0..<(stopReason == "target" ? 0 : configuration.maxRounds) {
      let before = ledger
      var rowOf: [Int: Int] = [:]
      if model.top != nil { for (row, g) in model.pool.enumerated() { rowOf[g] = row } }
      // 2–3. People label what the strategy chooses; grids settle whole clusters.
      let probabilities = model.probabilities(of: pool)
      let context = QueryContext(
        features: model.features, pool: pool, labeled: settled.indices.filter { settled[$0] },
        probabilities: probabilities, clusters: clusters, round: round)
      let active: any QueryStrategy = probabilities == nil && strategy.needsModel ? RandomQuery() : strategy
      let chosen = try active.select(count: configuration.batchSize, context: context, generator: &queryGenerator)
      var exhausted = false
      for g in chosen where !settled[g] {
        let suggestion: Int32? = configuration.suggest && model.machine[g] >= 0 ? model.machine[g] : nil
        var candidates: [Int32] = []
        if let row = rowOf[g] {
          let kept = configuration.keptClasses
          candidates = model.topClasses[(row * kept)..<((row + 1) * kept)].filter { $0 >= 0 }
        }
        let query: AnnotationQuery
        if configuration.verifyClusters, clusterOf[g] >= 0 {
          let members: [Int]
          if configuration.gridSource == .prediction, model.machine[g] >= 0 {
            members = try predictionGrid(
              for: g, machine: model.machine, settled: settled, features: model.features)
          } else {
            members = gridMembers(for: g, cluster: index.membersByCentrality[clusterOf[g]], settled: settled)
          }
          query = AnnotationQuery(
            kind: .grid, glyph: g, members: members, suggestion: suggestion, candidates: candidates,
            round: round + offset)
        } else {
          query = AnnotationQuery(
            kind: suggestion == nil ? .type : .review, glyph: g, members: [g], suggestion: suggestion,
            candidates: candidates, round: round + offset)
        }
        let cost = annotator.expectedCost(of: query, costs: costs)
        if let budget = configuration.budgetSeconds, ledger.totalSeconds + cost > budget {
          exhausted = true
          break
        }
        let answer = try annotator.answer(query)
        try check(answer, to: query)
        for m in ledger.charge(answer, for: query, costs: costs) { settled[m] = true }
      }
      for g in pool where settled[g] { settledRound[g] = Int32(round + offset) }
      pool = pool.filter { !settled[$0] }
      // Why the run ends after this batch, unless a refit reaches the target first.
      let ending: String? =
        exhausted ? "budget" : ledger.settledCount == before.settledCount || pool.isEmpty ? "no-change" : nil

      // 4. Fit on everything people settled (and the references); recognise the rest; score.
      // It starts from the model of the refit before (whose features an adapter may have renewed).
      let (settledNow, ledgerNow, poolNow) = (settled, ledger, pool)
      let clusterRate = round == 0 && needsClusters && clusterSeconds > 0 ? Double(n) / clusterSeconds : nil
      let work = { [self] (base: ModelState) in
        try refit(
          base, settled: settledNow, ledger: ledgerNow, before: before, pool: poolNow, round: round,
          index: round + offset, adapter: adapter, truth: truth, classCount: classCount, clusterRate: clusterRate)
      }
      // 5–6. Stop, or go round again.
      switch configuration.refit {
      case .afterBatch:
        if try install(work(model)) {
          stopReason = "target"
        } else if let ending {
          stopReason = ending
        }
      case .background:
        // The previous batch's refit ran while this batch was answered: install it, start
        // this batch's, and choose the next batch from the one installed.
        var reached = false
        if let previous = running {
          running = nil
          reached = try install(previous.result())
        }
        let base = model
        let job = RefitJob { try work(base) }
        if reached || ending != nil || round == configuration.maxRounds - 1 {
          if try install(job.result()) || reached {
            stopReason = "target"
          } else if let ending {
            stopReason = ending
          }
        } else {
          running = job
        }
      }
      if stopReason != "max-rounds" { break }
    }
    let machine = model.machine
    let finalLabels = (0..<n).map { settled[$0] ? (ledger.humanLabels[$0] ?? machine[$0]) : machine[$0] }
    return PipelineResult(
      rounds: rounds, curve: BudgetCurve(points: rounds.map(\.point)), ledger: ledger,
      finalLabels: finalLabels, touched: settled, settledRound: settledRound, stopReason: stopReason,
      manualCost: costs.manualEntryCost(glyphs: n),
      clusteringThroughput: needsClusters && clusterSeconds > 0 ? Double(n) / clusterSeconds : 0)
  }

  /// Fits the classifier on the settled glyphs (with the labels people gave) and the
  /// references, and recognises the glyphs of `pool` in blocks of `predictionBlock`, writing
  /// their labels into `machine`. Returns the pool's most likely classes' probabilities
  /// (nil when there is nothing to fit on or to recognise) and the seconds it took.
  func recognise(
    features: Matrix, settled: [Bool], labels: [Int: Int32], references: ReferenceSet?, pool: [Int],
    machine: inout [Int32]
  ) throws -> (top: Matrix?, classes: [Int32], seconds: Double) {
    let supportIndices = settled.indices.filter { settled[$0] }
    guard !(supportIndices.isEmpty && references == nil), !pool.isEmpty else { return (nil, [], 0) }
    var support = features.gathering(rows: supportIndices)
    var supportLabels = supportIndices.map { labels[$0] ?? -1 }
    if let references {
      support = try Matrix.stacking([references.features, support])
      supportLabels = references.labels + supportLabels
    }
    var kept = [Float]()
    kept.reserveCapacity(pool.count * configuration.keptClasses)
    var keptClasses = [Int32]()
    keptClasses.reserveCapacity(pool.count * configuration.keptClasses)
    var elapsed = 0.0
    var start = 0
    while start < pool.count {
      let end = min(pool.count, start + configuration.predictionBlock)
      let block = Array(pool[start..<end])
      let t0 = DispatchTime.now().uptimeNanoseconds
      let predictions = try classifier.predictMostLikely(
        support: support, supportLabels: supportLabels, queries: features.gathering(rows: block),
        keep: configuration.keptClasses)
      elapsed += seconds(since: t0)
      for (i, g) in block.enumerated() { machine[g] = predictions.labels[i] }
      kept.append(contentsOf: predictions.probabilities)
      keptClasses.append(contentsOf: predictions.classes)
      start = end
    }
    return (try Matrix(rows: pool.count, columns: configuration.keptClasses, elements: kept), keptClasses, elapsed)
  }

  /// Throws unless `answer` fits `query`: a known label, and marked glyphs that are grid
  /// members (an annotator that is a person's front end validates first; this guards the loop).
  func check(_ answer: AnnotationAnswer, to query: AnnotationQuery) throws {
    guard answer.label >= 0 || (query.kind == .grid && Set(answer.rejected).count == query.members.count) else {
      throw GlyphLabError.invalidArgument(
        operation: "pipeline", name: "label", value: "\(answer.label)", reason: "is not a class of the dataset")
    }
    guard answer.rejected.isEmpty || query.kind == .grid else {
      throw GlyphLabError.invalidArgument(
        operation: "pipeline", name: "rejected", value: "\(answer.rejected)", reason: "only grid members can be marked")
    }
    let members = Set(query.members)
    if let stray = answer.rejected.first(where: { !members.contains($0) }) {
      throw GlyphLabError.invalidArgument(
        operation: "pipeline", name: "rejected", value: "\(stray)", reason: "is not a member of the grid")
    }
  }

  /// The mean probability of the most likely class over the rows of `top` (nil without rows).
  func meanTopProbability(_ top: Matrix?) -> Double? {
    guard let top, top.rows > 0 else { return nil }
    var sum = 0.0
    for i in 0..<top.rows { sum += Double(top.row(i).first ?? 0) }
    return sum / Double(top.rows)
  }

  /// Checks an adapter's new features against the corpus and references, and installs the
  /// references' new rows; returns the corpus's new features.
  func adopt(_ adapted: AdaptedFeatures, glyphs n: Int, references: inout ReferenceSet?) throws -> Matrix {
    guard adapted.features.rows == n else {
      throw GlyphLabError.shapeMismatch(
        operation: "pipeline", detail: "the adapter returned \(adapted.features.rows) rows for \(n) glyphs")
    }
    try adapted.features.requireFinite(operation: "pipeline", argument: "adapted features")
    if let old = references {
      guard let renewed = adapted.references, renewed.rows == old.count,
        renewed.columns == adapted.features.columns
      else {
        throw GlyphLabError.shapeMismatch(
          operation: "pipeline", detail: "the adapter must return the \(old.count) references in the new feature space")
      }
      references = try ReferenceSet(features: renewed, labels: old.labels)
    }
    return adapted.features
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
