import GlyphLabRunLog

/// Per-glyph analyses of one configuration, from its runs' logged predictions and the log's
/// `/datasets/` record alone: accuracy by class frequency band, by group value, for variant
/// against base forms, and the most confused pairs. Every accuracy is a mean over the
/// configuration's seeds with a 95% interval (Student t), each seed's value being the share of
/// the subset's glyphs whose final label is right.
public struct GlyphAnalysis: Sendable {
  /// One subset of the glyphs.
  public struct Row: Sendable, Equatable {
    /// What the subset is ("singletons", a font's name, ...).
    public var title: String
    /// Glyphs in it.
    public var glyphs: Int
    /// Classes in it.
    public var classes: Int
    /// Accuracy of the final labels over the seeds.
    public var accuracy: Estimate?
    /// Accuracy of the glyphs no person settled (nil when none, or not recorded).
    public var machineAccuracy: Estimate?
    /// The mean share of its glyphs people settled (nil if not recorded).
    public var settledShare: Double?
  }

  /// A table of rows for one group of the dataset.
  public struct GroupTable: Sendable, Equatable {
    /// The group's name.
    public var name: String
    /// Its values' rows.
    public var rows: [Row]
    /// Values present but not shown (the table keeps the lowest-accuracy ones when long).
    public var omitted: Int
  }

  /// A (true class, class given) pair among the errors.
  public struct ConfusedPair: Sendable, Equatable {
    /// The true class and the class it was taken for.
    public var truth: String
    public var given: String
    /// Mean errors of this pair per run.
    public var meanCount: Double
    /// Share of all the runs' errors.
    public var share: Double
  }

  /// The frequency bands: classes with 1, 2–5, 6–20 and more than 20 glyphs.
  public static let bands: [(title: String, range: ClosedRange<Int>)] = [
    ("singletons (1 glyph)", 1...1), ("2–5 glyphs", 2...5), ("6–20 glyphs", 6...20), ("more than 20", 21...Int.max),
  ]
  /// The longest group table; longer ones keep their lowest-accuracy values.
  public static let maxGroupRows = 40
  /// Pairs listed.
  public static let maxPairs = 15

  /// The runs analysed (those whose predictions and dataset the log holds), by run id.
  public var runs: [RunRecord]
  /// Their dataset.
  public var dataset: LoggedDataset
  /// All glyphs, then one row per frequency band.
  public var overall: Row
  public var bandRows: [Row]
  /// One table per group that does not mark forms.
  public var groupTables: [GroupTable]
  /// The forms group's table (`variant` or `form`), if the dataset has one.
  public var forms: GroupTable?
  /// The most confused pairs, commonest first.
  public var confusedPairs: [ConfusedPair]
  /// Mean errors per run.
  public var meanErrors: Double

  /// Analyses `configuration`'s runs that logged predictions; nil if none did or their
  /// dataset is not in the log. Runs on another dataset than the first such run are left out.
  ///
  /// - Complexity: O(runs × glyphs + groups × values × runs).
  public init?(configuration: RunConfiguration, snapshot: RunLogSnapshot) {
    let logged = configuration.runs.filter { $0.predictions != nil && snapshot.dataset(of: $0) != nil }
    guard let first = logged.first, let dataset = snapshot.dataset(of: first) else { return nil }
    let runs = logged.filter {
      $0.predictions?.dataset == first.predictions?.dataset && $0.predictions?.labels.count == dataset.truth.count
    }
    guard !runs.isEmpty else { return nil }
    self.runs = runs
    self.dataset = dataset
    let truth = dataset.truth
    var classSize: [Int32: Int] = [:]
    for label in truth { classSize[label, default: 0] += 1 }
    let correct = runs.map { run in zip(run.predictions?.labels ?? [], truth).map { $0 == $1 } }
    let touched = runs.map { $0.predictions?.touched }

    func row(_ title: String, _ members: [Int]) -> Row {
      let accuracy = Estimate(
        values: correct.map { c in Double(members.count { c[$0] }) / Double(max(1, members.count)) })
      var machine: Estimate?
      var share: Double?
      if touched.allSatisfy({ $0 != nil }) {
        let shares = touched.map { t in Double(members.count { t?[$0] == true }) / Double(max(1, members.count)) }
        share = shares.reduce(0, +) / Double(shares.count)
        let values = zip(correct, touched).compactMap { c, t -> Double? in
          let unsettled = members.filter { t?[$0] != true }
          return unsettled.isEmpty ? nil : Double(unsettled.count { c[$0] }) / Double(unsettled.count)
        }
        machine = values.count == runs.count ? Estimate(values: values) : nil
      }
      return Row(
        title: title, glyphs: members.count, classes: Set(members.map { truth[$0] }).count,
        accuracy: members.isEmpty ? nil : accuracy, machineAccuracy: machine, settledShare: share)
    }

    overall = row("all glyphs", Array(truth.indices))
    bandRows = Self.bands.map { band in
      row(band.title, truth.indices.filter { band.range.contains(classSize[truth[$0]] ?? 0) })
    }
    var tables: [GroupTable] = []
    var forms: GroupTable?
    for group in dataset.groups {
      var members: [Int32: [Int]] = [:]
      for (g, value) in group.values.enumerated() { members[value, default: []].append(g) }
      var rows = members.keys.sorted().map { row(group.name(of: $0), members[$0] ?? []) }
      var omitted = 0
      if rows.count > Self.maxGroupRows {
        omitted = rows.count - Self.maxGroupRows
        rows = Array(
          rows.sorted { ($0.accuracy?.mean ?? 0, $0.title) < ($1.accuracy?.mean ?? 0, $1.title) }.prefix(
            Self.maxGroupRows))
      }
      let table = GroupTable(name: group.name, rows: rows, omitted: omitted)
      if group.marksForms && forms == nil { forms = table } else { tables.append(table) }
    }
    groupTables = tables
    self.forms = forms

    var pairs: [Int64: Int] = [:]
    var errors = 0
    for run in runs {
      guard let labels = run.predictions?.labels else { continue }
      for (g, given) in labels.enumerated() where given != truth[g] {
        errors += 1
        pairs[Int64(truth[g]) << 32 | Int64(UInt32(bitPattern: given)), default: 0] += 1
      }
    }
    meanErrors = Double(errors) / Double(runs.count)
    confusedPairs = pairs.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
      .prefix(Self.maxPairs).map { key, count in
        let t = Int32(truncatingIfNeeded: key >> 32)
        let given = Int32(bitPattern: UInt32(truncatingIfNeeded: key))
        return ConfusedPair(
          truth: dataset.className(t), given: given < 0 ? "(no label)" : dataset.className(given),
          meanCount: Double(count) / Double(runs.count), share: Double(count) / Double(max(1, errors)))
      }
  }
}
