import GlyphLabCore

/// The model's side of the loop after a refit: the features it was fitted in, the glyphs it
/// recognised and what it said about them. The loop chooses and shows queries from it while
/// the next refit runs (``PipelineConfiguration/Refit/background``).
struct ModelState: Sendable {
  /// The features of every glyph (renewed by an adapter).
  var features: Matrix
  /// The references, in the same feature space.
  var references: ReferenceSet?
  /// The glyphs recognised: unsettled when it was fitted, ascending.
  var pool: [Int]
  /// The machine's label of every glyph (−1 before any model).
  var machine: [Int32]
  /// `pool.count × keptClasses` probabilities of the most likely classes, aligned with `pool`
  /// (nil when nothing was fitted).
  var top: Matrix?
  /// The classes of `top`, row by row.
  var topClasses: [Int32]

  /// The probabilities of `glyphs` (a subsequence of ``pool``), row by row, or nil without a model.
  func probabilities(of glyphs: [Int]) -> Matrix? {
    guard let top else { return nil }
    if glyphs == pool { return top }
    var rowOf: [Int: Int] = [:]
    for (row, g) in pool.enumerated() { rowOf[g] = row }
    return top.gathering(rows: glyphs.compactMap { rowOf[$0] })
  }
}
