import GlyphLabStrategies

/// What a clustering is worth to people: the simulated cost, under an
/// ``AnnotationCostModel``, of labelling every glyph by verifying its cluster as grids,
/// against typing every glyph.
///
/// Each cluster is shown as grids of at most `maxGridSize` glyphs, in glyph order. For a
/// grid of s glyphs whose commonest true label has m of them: take in the grid
/// (`clusterBaseSeconds`), glance at each glyph (`clusterPerGlyphSeconds`·s), type the
/// majority label once (`typeSeconds`), mark the s − m others (`markWrongSeconds` each) and
/// type each of them (`typeSeconds`). A cluster of one glyph, and a glyph the method left
/// as noise (label −1), is typed directly. Glyphs without a true label are left out.
public struct GridVerificationCost: Sendable, Equatable {
  /// Seconds to label every glyph through grids.
  public var gridSeconds: Double
  /// Seconds to type every glyph (the manual baseline).
  public var manualSeconds: Double
  /// Grids shown.
  public var grids: Int
  /// Glyphs marked as not belonging to their grid's majority.
  public var markedWrong: Int
  /// Glyphs typed directly (singletons and noise).
  public var typedDirectly: Int

  /// manual ÷ grid seconds: how many times cheaper grids are than typing (> 1 is a gain).
  public var efficiency: Double { gridSeconds > 0 ? manualSeconds / gridSeconds : .nan }

  /// Simulates verifying `clusters` (one per glyph, −1 = noise) against `truth` (−1 = no
  /// label, left out).
  ///
  /// - Complexity: O(n log n).
  public init(clusters: [Int32], truth: [Int32], costs: AnnotationCostModel, maxGridSize: Int) {
    var members: [Int32: [Int32]] = [:]
    var typed = 0
    for (cluster, label) in zip(clusters, truth) where label >= 0 {
      if cluster < 0 { typed += 1 } else { members[cluster, default: []].append(label) }
    }
    var seconds = Double(typed) * costs.typeSeconds
    var grids = 0
    var marked = 0
    let size = max(1, maxGridSize)
    for cluster in members.keys.sorted() {
      let labels = members[cluster] ?? []
      if labels.count == 1 {
        typed += 1
        seconds += costs.typeSeconds
        continue
      }
      var start = 0
      while start < labels.count {
        let grid = labels[start..<min(labels.count, start + size)]
        var counts: [Int32: Int] = [:]
        for label in grid { counts[label, default: 0] += 1 }
        let majority = counts.values.max() ?? 0
        let wrong = grid.count - majority
        seconds +=
          costs.clusterBaseSeconds + costs.clusterPerGlyphSeconds * Double(grid.count) + costs.typeSeconds
          + Double(wrong) * (costs.markWrongSeconds + costs.typeSeconds)
        grids += 1
        marked += wrong
        start += size
      }
    }
    let labelled = truth.count { $0 >= 0 }
    gridSeconds = seconds
    manualSeconds = costs.manualEntryCost(glyphs: labelled)
    self.grids = grids
    markedWrong = marked
    typedDirectly = typed
  }
}
