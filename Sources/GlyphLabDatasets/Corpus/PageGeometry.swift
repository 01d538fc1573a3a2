import GlyphLabCore

/// The fixed measures of a recipe's pages, the same on every page: the even column pitch,
/// the character size, the gloss lane and the number of rows. Without column jitter,
/// glosses and `character_size` the character size is the pitch, as it always was.
struct PageGeometry: Equatable {
  /// The even column pitch: the text block's width over the columns.
  let pitch: Int
  /// The narrowest a column can be (the pitch without column jitter).
  let narrowest: Int
  /// Main characters' cell size: their vertical pitch too.
  let size: Int
  /// The width of the gloss lane on each column's right (0 without glosses): a gloss
  /// character's cell size.
  let lane: Int
  /// Characters per column.
  let rows: Int
  /// The text block's left edge and top.
  let left: Int
  let top: Int

  init(recipe: PageRecipe) {
    pitch = (recipe.width - 2 * recipe.margin) / recipe.columns
    let layout = recipe.layout
    narrowest = layout.columnJitter > 0 ? Int(Double(pitch) * (1 - layout.columnJitter)) : pitch
    let glossShare = layout.glosses > 0 ? layout.glossScale : 0
    let fitting = glossShare > 0 || narrowest < pitch ? Int(Double(narrowest) / (1 + glossShare)) : pitch
    size = recipe.characterSize ?? fitting
    lane = glossShare > 0 ? Int(Double(size) * glossShare) : 0
    rows = max(1, (recipe.height - 2 * recipe.margin) / max(1, size))
    left = (recipe.width - pitch * recipe.columns) / 2
    top = recipe.margin
  }

  /// The left edges of the columns, left to right, and the block's right edge last
  /// (`columns + 1` values). Even unless `jitter` draws uneven widths, each at least
  /// ``narrowest``.
  func boundaries(columns: Int, jitter: inout SeededGenerator?) -> [Int] {
    guard narrowest < pitch, var g = jitter else { return (0...columns).map { left + $0 * pitch } }
    let weights = (0..<columns).map { _ in 0.05 + g.uniformDouble() }
    let total = weights.reduce(0, +)
    let spare = Double((pitch - narrowest) * columns)
    var edges = [left]
    for w in weights { edges.append(edges[edges.count - 1] + narrowest + Int(spare * w / total)) }
    jitter = g
    return edges
  }
}
