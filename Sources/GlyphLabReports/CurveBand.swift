import GlyphLabCore

/// A budget curve averaged over seeds: the mean of y at each x with a 95% band.
///
/// Seeds stop at different efforts, so each seed's curve is read piecewise-linearly on a
/// common grid: every x any seed recorded, from the largest first x (where all seeds have
/// begun) to the largest last x. After its last round a seed holds its last value, as the
/// text it produced stays as it was. Grids longer than `maximumPoints` are resampled evenly.
public struct CurveBand: Sendable, Equatable {
  /// The grid.
  public var x: [Double]
  /// The mean over seeds at each grid point.
  public var mean: [Double]
  /// The band's lower edge (the mean when there is one seed).
  public var lower: [Double]
  /// The band's upper edge (the mean when there is one seed).
  public var upper: [Double]
  /// How many seeds the band is over.
  public var seedCount: Int

  /// Averages curve `yKey` against curve `xKey` over `runs`; nil when no run has both
  /// curves with at least one finite point.
  ///
  /// - Parameters:
  ///   - runs: one run per seed.
  ///   - xKey: the effort curve (`labels` or `cost`).
  ///   - yKey: the quality curve (`accuracy`).
  ///   - xScale: divides x (for example seconds to hours); default 1.
  ///   - yScale: multiplies y (for example 100 for percent); default 1.
  ///   - maximumPoints: the largest grid; default 600.
  /// - Complexity: O(seeds · (grid + rounds)).
  public init?(
    runs: [RunRecord], xKey: String, yKey: String, xScale: Double = 1, yScale: Double = 1, maximumPoints: Int = 600
  ) {
    let curves: [[(x: Double, y: Double)]] = runs.compactMap { run in
      guard let xs = run.curves[xKey], let ys = run.curves[yKey] else { return nil }
      let points = zip(xs, ys).filter { $0.0.isFinite && $0.1.isFinite }.map { (x: $0.0 / xScale, y: $0.1 * yScale) }
      let sorted = points.enumerated().sorted {
        $0.element.x != $1.element.x ? $0.element.x < $1.element.x : $0.offset < $1.offset
      }
      return sorted.isEmpty ? nil : sorted.map(\.element)
    }
    guard !curves.isEmpty else { return nil }
    let start = curves.map { $0[0].x }.max() ?? 0
    let end = curves.map { $0[$0.count - 1].x }.max() ?? 0
    var grid = Array(Set(curves.flatMap { $0.map(\.x) }.filter { $0 >= start && $0 <= end })).sorted()
    if grid.count > maximumPoints {
      let step = (end - start) / Double(maximumPoints - 1)
      grid = (0..<maximumPoints).map { $0 == maximumPoints - 1 ? end : start + Double($0) * step }
    }
    let multiplier = StudentT.intervalMultiplier(count: curves.count)
    let n = Double(curves.count)
    var mean: [Double] = []
    var lower: [Double] = []
    var upper: [Double] = []
    for x in grid {
      let values = curves.map { Self.value(of: $0, at: x) }
      let first = values[0]
      let m = values.allSatisfy { $0 == first } ? first : values.reduce(0, +) / n
      var half = 0.0
      if let multiplier {
        let squares = values.reduce(0.0) { $0 + ($1 - m) * ($1 - m) }
        half = multiplier * (squares / (n - 1)).squareRoot() / n.squareRoot()
      }
      mean.append(m)
      lower.append(m - half)
      upper.append(m + half)
    }
    self.x = grid
    self.mean = mean
    self.lower = lower
    self.upper = upper
    seedCount = curves.count
  }

  /// The curve's value at `x`: linear between the rounds around it, the last value after the
  /// last round (when several rounds share an x, the later one counts from there on).
  static func value(of curve: [(x: Double, y: Double)], at x: Double) -> Double {
    guard let first = curve.first, x > first.x else { return curve.last { $0.x == curve[0].x }?.y ?? .nan }
    var index = 0
    while index + 1 < curve.count && curve[index + 1].x <= x { index += 1 }
    guard index + 1 < curve.count else { return curve[index].y }
    let a = curve[index]
    let b = curve[index + 1]
    return a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x)
  }
}
