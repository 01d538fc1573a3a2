import Foundation

/// "Nice" axis ticks: a step of 1, 2 or 5 × 10^k, and an axis range widened to whole steps.
public struct ChartTicks: Sendable, Equatable {
  /// The tick values, ascending; the first and last are the axis ends.
  public var values: [Double]
  /// The distance between ticks.
  public var step: Double
  /// Decimals that print every tick exactly.
  public var decimals: Int

  /// Ticks covering `lower`...`upper` with about `count` intervals. An empty or invalid
  /// range is widened around its value.
  public init(lower: Double, upper: Double, count: Int = 5) {
    var low = lower.isFinite ? lower : 0
    var high = upper.isFinite ? upper : 1
    if high < low { swap(&low, &high) }
    if high - low < 1e-12 {
      let pad = low == 0 ? 1 : abs(low) * 0.05
      low -= pad
      high += pad
    }
    let raw = (high - low) / Double(max(1, count))
    let magnitude = pow(10, floor(log10(raw)))
    let normalized = raw / magnitude
    let nice: Double = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10
    let step = nice * magnitude
    let first = Int((low / step).rounded(.down))
    let last = Int((high / step).rounded(.up))
    self.step = step
    values = (first...max(first + 1, last)).map { Double($0) * step }
    decimals = max(0, -Int(floor(log10(step) + 1e-9)))
  }

  /// The axis's lower end.
  public var lower: Double { values.first ?? 0 }
  /// The axis's upper end.
  public var upper: Double { values.last ?? 1 }

  /// A tick's label.
  public func label(_ value: Double) -> String { ReportFormat.fixed(value, decimals) }
}
