import GlyphLabCore

/// Draws N-way K-shot Q-query episodes from a labelled set, reproducibly: episode i comes
/// from `SeededGenerator(seed: seed).derived(UInt64(i))`, so it is the same whatever other
/// episodes are drawn, in whatever order or on whatever thread.
///
/// Each episode picks ``ways`` distinct classes among the eligible ones (those with at least
/// ``shots`` + ``queriesPerClass`` rows, optionally restricted to a class subset), then, per
/// class, ``shots`` + ``queriesPerClass`` distinct rows: the first ``shots`` drawn are the
/// support, the rest the queries.
public struct EpisodeSampler: Sendable {
  /// N: classes per episode.
  public let ways: Int
  /// K: support rows per class.
  public let shots: Int
  /// Q: query rows per class.
  public let queriesPerClass: Int
  /// The seed all episodes derive from.
  public let seed: UInt64
  /// The classes episodes are drawn from (eligible ones only), ascending.
  public let eligibleClasses: [Int32]
  /// The rows of each eligible class, ascending.
  private let rowsOfClass: [[Int]]

  /// Prepares a sampler over `labels` (one per feature row), restricted to `classes` when
  /// given.
  ///
  /// Throws when `ways`, `shots` or `queriesPerClass` is below 1, a label is negative,
  /// `classes` names a label absent from `labels`, or fewer than `ways` classes have
  /// `shots + queriesPerClass` rows (the message says how many do).
  ///
  /// - Complexity: O(n + c log c).
  public init(
    labels: [Int32], classes: [Int32]? = nil, ways: Int, shots: Int, queriesPerClass: Int,
    seed: UInt64
  ) throws {
    for (name, value) in [("ways", ways), ("shots", shots), ("queriesPerClass", queriesPerClass)]
    where value < 1 {
      throw GlyphLabError.invalidArgument(
        operation: "EpisodeSampler", name: name, value: "\(value)", reason: "must be at least 1")
    }
    if let bad = labels.firstIndex(where: { $0 < 0 }) {
      throw GlyphLabError.invalidArgument(
        operation: "EpisodeSampler", name: "labels[\(bad)]", value: "\(labels[bad])",
        reason: "labels must be non-negative class ids")
    }
    var rows = [Int32: [Int]]()
    for (i, label) in labels.enumerated() { rows[label, default: []].append(i) }
    let candidates: [Int32]
    if let classes {
      if let missing = classes.first(where: { rows[$0] == nil }) {
        throw GlyphLabError.invalidArgument(
          operation: "EpisodeSampler", name: "classes", value: "\(missing)", reason: "no row has this label")
      }
      candidates = Array(Set(classes)).sorted()
    } else {
      candidates = rows.keys.sorted()
    }
    let needed = shots + queriesPerClass
    let eligible = candidates.filter { (rows[$0]?.count ?? 0) >= needed }
    guard eligible.count >= ways else {
      throw GlyphLabError.invalidArgument(
        operation: "EpisodeSampler", name: "ways", value: "\(ways)",
        reason: "only \(eligible.count) of \(candidates.count) classes have at least "
          + "\(needed) rows (\(shots) shots + \(queriesPerClass) queries)")
    }
    self.ways = ways
    self.shots = shots
    self.queriesPerClass = queriesPerClass
    self.seed = seed
    self.eligibleClasses = eligible
    self.rowsOfClass = eligible.map { rows[$0] ?? [] }
  }

  /// Episode `index`: the same index always gives the same episode.
  ///
  /// - Complexity: O(N·(K + Q)) expected.
  public func episode(_ index: Int) -> Episode {
    var generator = SeededGenerator(seed: seed).derived(UInt64(truncatingIfNeeded: index))
    let picked = generator.sample(ways, from: eligibleClasses.count)
    var classes = [Int32]()
    var supportRows = [Int]()
    var supportLabels = [Int32]()
    var queryRows = [Int]()
    var queryLabels = [Int32]()
    for c in picked {
      let label = eligibleClasses[c]
      let members = rowsOfClass[c]
      let drawn = generator.sample(shots + queriesPerClass, from: members.count)
      classes.append(label)
      for (position, m) in drawn.enumerated() {
        if position < shots {
          supportRows.append(members[m])
          supportLabels.append(label)
        } else {
          queryRows.append(members[m])
          queryLabels.append(label)
        }
      }
    }
    return Episode(
      index: index, classes: classes, supportRows: supportRows, supportLabels: supportLabels,
      queryRows: queryRows, queryLabels: queryLabels)
  }

  /// Episodes `0..<count`.
  public func episodes(_ count: Int) -> [Episode] { (0..<max(0, count)).map(episode) }
}
