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

  /// Ticks of a logarithmic axis whose values are log10 of the data: at 1 and 3 × 10^k
  /// (decades only when the range spans more than three), covering `lower`...`upper`
  /// (data values, positive); labels print the data value (``label(_:)``).
  public init(logarithmicFrom lower: Double, to upper: Double) {
    let low = log10(max(lower.isFinite && lower > 0 ? lower : 1, 1e-300))
    let high = log10(max(upper.isFinite && upper > 0 ? upper : 10, 1e-300))
    let first = Int(floor(min(low, high) + 1e-9))
    let last = Int(ceil(max(low, high) - 1e-9))
    let decadesOnly = last - first > 3
    var values: [Double] = []
    for k in first...max(first + 1, last) {
      values.append(Double(k))
      if !decadesOnly { values.append(Double(k) + log10(3)) }
    }
    // Keep the ticks inside the decades that hold data, ending on the first tick at or above it.
    let end = values.firstIndex { $0 >= max(low, high) - 1e-9 } ?? values.count - 1
    let start = values.lastIndex { $0 <= min(low, high) + 1e-9 } ?? 0
    self.values = Array(values[start...max(start + 1, end)])
    step = 1
    decimals = 0
    logarithmic = true
  }

  /// Whether the values are log10 of the data (``init(logarithmicFrom:to:)``).
  public var logarithmic = false

  /// The axis's lower end.
  public var lower: Double { values.first ?? 0 }
  /// The axis's upper end.
  public var upper: Double { values.last ?? 1 }

  /// A tick's label.
  public func label(_ value: Double) -> String {
    guard logarithmic else { return ReportFormat.fixed(value, decimals) }
    let data = pow(10, value).rounded()
    for (divisor, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where data >= divisor {
      return ReportFormat.fixed(
        data / divisor, data / divisor < 10 && (data / divisor).rounded() != data / divisor ? 1 : 0)
        + suffix
    }
    return ReportFormat.fixed(data, 0)
  }
}
