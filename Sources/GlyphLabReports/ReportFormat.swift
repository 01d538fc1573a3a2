import Foundation

/// Fixed, locale-free number formatting for reports and charts, so the same log always gives
/// the same bytes.
enum ReportFormat {
  /// `value` with `decimals` decimals ("-0.00" becomes "0.00"); "n/a" for NaN or infinity.
  static func fixed(_ value: Double, _ decimals: Int) -> String {
    guard value.isFinite else { return "n/a" }
    let text = String(format: "%.\(decimals)f", value)
    if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(text.dropFirst()) }
    return text
  }

  /// `value` with an explicit sign ("+0.42", "-0.42", "0.00").
  static func signed(_ value: Double, _ decimals: Int) -> String {
    let text = fixed(value, decimals)
    guard value.isFinite, !text.hasPrefix("-"), text.contains(where: { $0 != "0" && $0 != "." }) else { return text }
    return "+" + text
  }

  /// A whole number with "," between thousands ("12,345").
  static func grouped(_ value: Double) -> String {
    guard value.isFinite else { return "n/a" }
    let digits = fixed(value.rounded(), 0)
    let negative = digits.hasPrefix("-")
    let body = Array(negative ? digits.dropFirst() : digits[...])
    var out = ""
    for (index, digit) in body.enumerated() {
      if index > 0 && (body.count - index) % 3 == 0 { out += "," }
      out.append(digit)
    }
    return (negative ? "-" : "") + out
  }

  /// `value` with four significant digits, without exponent for ordinary magnitudes.
  static func significant(_ value: Double) -> String {
    guard value.isFinite else { return "n/a" }
    if value == 0 { return "0" }
    let magnitude = Int(floor(log10(abs(value))))
    if magnitude >= 6 || magnitude < -4 { return String(format: "%.3e", value) }
    return fixed(value, max(0, 3 - magnitude))
  }

  /// A duration in seconds as "1 h 02 min 03 s", "2 min 05.3 s" or "12.34 s".
  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "n/a" }
    if seconds < 60 { return fixed(seconds, 2) + " s" }
    let whole = Int(seconds.rounded(.down))
    let hours = whole / 3600
    let minutes = (whole % 3600) / 60
    if hours == 0 { return "\(minutes) min " + fixed(seconds - Double(minutes * 60), 1) + " s" }
    let rest = Int((seconds - Double(hours * 3600 + minutes * 60)).rounded(.down))
    return "\(hours) h " + String(format: "%02d min %02d s", minutes, rest)
  }

  /// The decimals a value of `unit` is shown with.
  static func decimals(_ unit: ReportMetric.Unit) -> Int {
    switch unit {
    case .percent, .cost, .times: return 2
    case .count, .seconds: return 1
    case .score: return 3
    case .rate, .plain: return 0
    }
  }

  /// The factor from stored value to shown value.
  static func scale(_ unit: ReportMetric.Unit, cost: CostUnit) -> Double {
    switch unit {
    case .percent: return 100
    case .cost: return 1 / cost.seconds
    default: return 1
    }
  }

  /// A stored value in its unit, without unit suffix.
  static func value(_ value: Double, _ unit: ReportMetric.Unit, cost: CostUnit) -> String {
    let shown = value * scale(unit, cost: cost)
    switch unit {
    case .rate: return grouped(shown)
    case .plain: return significant(shown)
    default: return fixed(shown, decimals(unit))
    }
  }

  /// A stored difference in its unit, with an explicit sign.
  static func difference(_ value: Double, _ unit: ReportMetric.Unit, cost: CostUnit) -> String {
    let shown = value * scale(unit, cost: cost)
    switch unit {
    case .rate: return (shown > 0 ? "+" : "") + grouped(shown)
    case .plain: return (shown > 0 ? "+" : "") + significant(shown)
    default: return signed(shown, decimals(unit))
    }
  }

  /// The unit suffix of a column title: "(%)", "(×)", "(h)", ...; differences of percentages
  /// are in percentage points.
  static func unitSuffix(_ unit: ReportMetric.Unit, cost: CostUnit, difference: Bool = false) -> String {
    switch unit {
    case .percent: return difference ? " (pp)" : " (%)"
    case .times: return " (×)"
    case .cost: return " (\(cost.rawValue))"
    case .rate: return " (glyphs/s)"
    case .seconds: return " (s)"
    default: return ""
    }
  }

  /// A percentage with enough decimals (2 to 6) that it does not print equal to `target`
  /// unless it is equal, so a bound just below the target never reads as the target.
  static func percent(_ value: Double, distinctFrom target: Double) -> String {
    var decimals = 2
    while decimals < 6 && value != target && fixed(value * 100, decimals) == fixed(target * 100, decimals) {
      decimals += 1
    }
    return fixed(value * 100, decimals) + "%"
  }

  /// A target as "97.5%" (shortest form with up to 4 decimals).
  static func targetPercent(_ target: Double) -> String {
    var text = fixed(target * 100, 4)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text + "%"
  }
}
