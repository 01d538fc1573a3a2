import GlyphLabCore

/// Draws N-way K-shot Q-query episodes under an ``EpisodeConstraint``, reproducibly: episode
/// i comes from `SeededGenerator(seed: seed).derived(UInt64(i))` alone, so it is the same
/// whatever other episodes are drawn, in whatever order or on whatever thread, and every
/// method given the same sampler sees exactly the same episodes. With ``EpisodeConstraint/none``
/// it draws exactly the episodes of ``EpisodeSampler``.
public struct ConstrainedEpisodeSampler: Sendable {
  /// Why episodes of the asked shape cannot be drawn, with the numbers to fix it.
  public struct Shortage: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which parameter to change: "ways" when too few classes qualify, "shots" when no
    /// class has K + Q rows.
    public var parameter: String
    /// The explanation, e.g. "only 14 classes have at least 6 glyphs (1 shot + 5 queries) …".
    public var message: String
    public var description: String { message }
  }

  /// One pool episodes draw from: the eligible classes of one group value (or of all rows),
  /// with their support and query candidate rows.
  struct Pool: Sendable {
    var classes: [Int32]
    var supportRows: [[Int]]
    var queryRows: [[Int]]
    /// Whether support and query rows come from one list (drawn without overlap).
    var shared: Bool
  }

  /// N, K and Q.
  public let ways: Int
  public let shots: Int
  public let queriesPerClass: Int
  /// The seed all episodes derive from.
  public let seed: UInt64
  let pools: [Pool]

  /// The number of pools (group values) episodes are drawn from: 1 without a within-group
  /// constraint.
  public var poolCount: Int { pools.count }

  /// Prepares a sampler over `labels` (one per row; −1 rows are never drawn). Throws a
  /// ``Shortage`` when fewer than `ways` classes qualify (in any one group value, for
  /// ``EpisodeConstraint/withinGroup(groups:)``), and ``GlyphLabError`` for a count below 1
  /// or groups of another length than the labels.
  ///
  /// - Complexity: O(n + c log c).
  public init(
    labels: [Int32], constraint: EpisodeConstraint = .none, ways: Int, shots: Int, queriesPerClass: Int,
    seed: UInt64
  ) throws {
    for (name, value) in [("ways", ways), ("shots", shots), ("queriesPerClass", queriesPerClass)] where value < 1 {
      throw GlyphLabError.invalidArgument(
        operation: "ConstrainedEpisodeSampler", name: name, value: "\(value)", reason: "must be at least 1")
    }
    self.ways = ways
    self.shots = shots
    self.queriesPerClass = queriesPerClass
    self.seed = seed
    let needed = shots + queriesPerClass
    let what =
      "\(needed) glyphs (\(shots) shot\(shots == 1 ? "" : "s") + \(queriesPerClass) quer\(queriesPerClass == 1 ? "y" : "ies"))"
    func rowsByClass(_ rows: some Sequence<Int>) -> [Int32: [Int]] {
      var out: [Int32: [Int]] = [:]
      for i in rows where labels[i] >= 0 { out[labels[i], default: []].append(i) }
      return out
    }
    switch constraint {
    case .none:
      let rows = rowsByClass(labels.indices)
      let eligible = rows.keys.sorted().filter { (rows[$0]?.count ?? 0) >= needed }
      guard eligible.count >= ways else {
        throw Shortage(
          parameter: eligible.isEmpty ? "shots" : "ways",
          message: "\(ways)-way needs \(ways) classes with at least \(what), but only \(eligible.count) of "
            + "\(rows.count) classes qualify (the largest has \(rows.values.map(\.count).max() ?? 0) glyphs)")
      }
      let lists = eligible.map { rows[$0] ?? [] }
      pools = [Pool(classes: eligible, supportRows: lists, queryRows: lists, shared: true)]
    case .withinGroup(let groups):
      guard groups.count == labels.count else {
        throw GlyphLabError.shapeMismatch(
          operation: "ConstrainedEpisodeSampler", detail: "\(groups.count) group values, \(labels.count) labels")
      }
      var byGroup: [Int32: [Int]] = [:]
      for i in groups.indices where groups[i] >= 0 { byGroup[groups[i], default: []].append(i) }
      var pools: [Pool] = []
      var best = 0
      for value in byGroup.keys.sorted() {
        let rows = rowsByClass(byGroup[value] ?? [])
        let eligible = rows.keys.sorted().filter { (rows[$0]?.count ?? 0) >= needed }
        best = max(best, eligible.count)
        if eligible.count >= ways {
          let lists = eligible.map { rows[$0] ?? [] }
          pools.append(Pool(classes: eligible, supportRows: lists, queryRows: lists, shared: true))
        }
      }
      guard !pools.isEmpty else {
        throw Shortage(
          parameter: best == 0 ? "shots" : "ways",
          message: "\(ways)-way within one group value needs \(ways) classes with at least \(what) in it, but the "
            + "best of the \(byGroup.count) values has only \(best) such classes")
      }
      self.pools = pools
    case .acrossGroups(let groups, let support, let query):
      guard groups.count == labels.count else {
        throw GlyphLabError.shapeMismatch(
          operation: "ConstrainedEpisodeSampler", detail: "\(groups.count) group values, \(labels.count) labels")
      }
      let supportRows = rowsByClass(groups.indices.filter { groups[$0] == support })
      let queryRows = rowsByClass(groups.indices.filter { groups[$0] == query })
      let eligible = supportRows.keys.sorted().filter {
        (supportRows[$0]?.count ?? 0) >= shots && (queryRows[$0]?.count ?? 0) >= queriesPerClass
      }
      guard eligible.count >= ways else {
        throw Shortage(
          parameter: eligible.isEmpty ? "shots" : "ways",
          message: "\(ways)-way across groups needs \(ways) classes with at least \(shots) support glyphs in the "
            + "support value and \(queriesPerClass) in the query value, but only \(eligible.count) classes qualify")
      }
      pools = [
        Pool(
          classes: eligible, supportRows: eligible.map { supportRows[$0] ?? [] },
          queryRows: eligible.map { queryRows[$0] ?? [] }, shared: support == query)
      ]
    }
  }

  /// Episode `index`: the same index always gives the same episode.
  ///
  /// - Complexity: O(N·(K + Q)) expected.
  public func episode(_ index: Int) -> Episode {
    var generator = SeededGenerator(seed: seed).derived(UInt64(truncatingIfNeeded: index))
    let pool = pools.count == 1 ? pools[0] : pools[generator.sample(1, from: pools.count)[0]]
    let picked = generator.sample(ways, from: pool.classes.count)
    var episode = Episode(index: index, classes: [], supportRows: [], supportLabels: [], queryRows: [], queryLabels: [])
    for c in picked {
      let label = pool.classes[c]
      episode.classes.append(label)
      if pool.shared {
        let members = pool.supportRows[c]
        for (position, m) in generator.sample(shots + queriesPerClass, from: members.count).enumerated() {
          if position < shots {
            episode.supportRows.append(members[m])
            episode.supportLabels.append(label)
          } else {
            episode.queryRows.append(members[m])
            episode.queryLabels.append(label)
          }
        }
      } else {
        for m in generator.sample(shots, from: pool.supportRows[c].count) {
          episode.supportRows.append(pool.supportRows[c][m])
          episode.supportLabels.append(label)
        }
        for m in generator.sample(queriesPerClass, from: pool.queryRows[c].count) {
          episode.queryRows.append(pool.queryRows[c][m])
          episode.queryLabels.append(label)
        }
      }
    }
    return episode
  }

  /// Episodes `0..<count`.
  public func episodes(_ count: Int) -> [Episode] { (0..<max(0, count)).map(episode) }
}
