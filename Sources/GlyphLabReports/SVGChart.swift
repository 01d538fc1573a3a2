import Foundation

/// Line and bar charts as self-contained SVG text: deterministic (fixed number formatting,
/// no ids beyond the document's own), well-formed XML with all text escaped, readable on
/// GitHub and in a paper draft.
public enum SVGChart {
  /// Colours for series, from the Okabe–Ito palette (distinguishable with colour blindness);
  /// past eight series the colours repeat with dashed lines.
  static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"]
  /// Dash patterns for the second and later rounds of the palette.
  static let dashes = ["", "6 3", "2 3", "8 3 2 3"]

  /// A line chart: one line per series with its shaded band, an optional reference line,
  /// axis ticks and labels, and a legend on the right.
  ///
  /// - Parameters:
  ///   - title: printed above the plot.
  ///   - xLabel: the x axis's title.
  ///   - yLabel: the y axis's title.
  ///   - series: the lines.
  ///   - reference: a horizontal line (for example the target); nil for none.
  ///   - yLimits: the y axis never extends beyond this range (for example 0...100 for
  ///     percentages); nil for no limit.
  ///   - note: a line of small text under the legend (for example what the band means).
  ///   - xLogarithmic: a log10 x axis (for positive x, e.g. corpus sizes), ticked at 1 and
  ///     3 × 10^k.
  /// - Complexity: O(total points).
  public static func lineChart(
    title: String, xLabel: String, yLabel: String, series: [ChartSeries], reference: ChartReferenceLine? = nil,
    vertical: ChartReferenceLine? = nil, yLimits: ClosedRange<Double>? = nil, note: String = "",
    xLogarithmic: Bool = false
  ) -> String {
    let rawX = series.flatMap(\.x).filter { $0.isFinite && (!xLogarithmic || $0 > 0) }
    let series =
      xLogarithmic
      ? series.map { item in
        var item = item
        item.x = item.x.map { $0 > 0 ? log10($0) : .nan }
        return item
      } : series
    var vertical = vertical
    if xLogarithmic, let line = vertical { vertical?.value = line.value > 0 ? log10(line.value) : .nan }
    var allX = series.flatMap(\.x).filter(\.isFinite)
    if let vertical, vertical.value.isFinite { allX.append(vertical.value) }
    var allY = series.flatMap { $0.y + ($0.lower ?? []) + ($0.upper ?? []) }.filter(\.isFinite)
    if let reference { allY.append(reference.value) }
    let xTicks =
      xLogarithmic
      ? ChartTicks(logarithmicFrom: rawX.min() ?? 1, to: rawX.max() ?? 10)
      : ChartTicks(lower: allX.min() ?? 0, upper: allX.max() ?? 1)
    var yLow = allY.min() ?? 0
    var yHigh = allY.max() ?? 1
    if let yLimits {
      yLow = max(yLow, yLimits.lowerBound)
      yHigh = min(yHigh, yLimits.upperBound)
    }
    var yTicks = ChartTicks(lower: yLow, upper: yHigh)
    if let yLimits {
      yTicks.values = yTicks.values.filter { yLimits.contains($0) }
      if yTicks.values.count < 2 { yTicks = ChartTicks(lower: yLimits.lowerBound, upper: yLimits.upperBound) }
    }
    let legendNames = series.map { truncated($0.name, 44) }
    let legendWidth = min(340, max(140, 34 + (legendNames.map(textWidth).max() ?? 0)))
    let plot = PlotArea(left: 72, top: 48, width: 520, height: 300)
    let width = plot.left + plot.width + 28 + legendWidth
    let height = plot.top + plot.height + 62
    let sx = { (x: Double) in plot.left + (x - xTicks.lower) / (xTicks.upper - xTicks.lower) * plot.width }
    let sy = { (y: Double) in plot.top + plot.height - (y - yTicks.lower) / (yTicks.upper - yTicks.lower) * plot.height
    }

    var svg = header(width: width, height: height, title: title)
    svg += "<defs><clipPath id=\"plot\"><rect x=\"\(n(plot.left))\" y=\"\(n(plot.top))\" width=\"\(n(plot.width))\" "
    svg += "height=\"\(n(plot.height))\"/></clipPath></defs>\n"
    svg += axes(plot: plot, xTicks: xTicks, yTicks: yTicks, sx: sx, sy: sy, xLabel: xLabel, yLabel: yLabel)
    svg += "<g clip-path=\"url(#plot)\">\n"
    for (index, item) in series.enumerated() {
      let colour = palette[index % palette.count]
      if let lower = item.lower, let upper = item.upper, lower.count == item.x.count, upper.count == item.x.count {
        let top = zip(item.x, upper).filter { $0.0.isFinite && $0.1.isFinite }.map { "\(n(sx($0.0))),\(n(sy($0.1)))" }
        let bottom = zip(item.x, lower).filter { $0.0.isFinite && $0.1.isFinite }.reversed()
          .map { "\(n(sx($0.0))),\(n(sy($0.1)))" }
        if !top.isEmpty {
          svg += "<polygon points=\"\((top + bottom).joined(separator: " "))\" fill=\"\(colour)\" "
          svg += "fill-opacity=\"0.15\" stroke=\"none\"/>\n"
        }
      }
      let points = zip(item.x, item.y).filter { $0.0.isFinite && $0.1.isFinite }
        .map { "\(n(sx($0.0))),\(n(sy($0.1)))" }
      svg += "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" "
      svg += "stroke-width=\"2\"\(dash(index)) stroke-linejoin=\"round\"/>\n"
    }
    svg += "</g>\n"
    if let reference, reference.value >= yTicks.lower, reference.value <= yTicks.upper {
      let y = sy(reference.value)
      svg += "<line x1=\"\(n(plot.left))\" y1=\"\(n(y))\" x2=\"\(n(plot.left + plot.width))\" y2=\"\(n(y))\" "
      svg += "stroke=\"#333333\" stroke-width=\"1.2\" stroke-dasharray=\"6 4\"/>\n"
      // Inside the plot, clear of the frame: above the line, or below it when the line is
      // near the top edge.
      let labelY = y - plot.top < 18 ? y + 15 : y - 6
      svg += "<text x=\"\(n(plot.left + 8))\" y=\"\(n(labelY))\" fill=\"#333333\" "
      svg += "paint-order=\"stroke\" stroke=\"#ffffff\" stroke-width=\"3\">\(escape(reference.label))</text>\n"
    }
    if let vertical, vertical.value >= xTicks.lower, vertical.value <= xTicks.upper {
      let x = sx(vertical.value)
      svg += "<line x1=\"\(n(x))\" y1=\"\(n(plot.top))\" x2=\"\(n(x))\" y2=\"\(n(plot.top + plot.height))\" "
      svg += "stroke=\"#7a0000\" stroke-width=\"1.2\" stroke-dasharray=\"3 3\"/>\n"
      let nearRight = plot.left + plot.width - x < 120
      let labelX = nearRight ? x - 6 : x + 6
      svg += "<text x=\"\(n(labelX))\" y=\"\(n(plot.top + plot.height - 10))\" fill=\"#7a0000\" "
      svg += "text-anchor=\"\(nearRight ? "end" : "start")\" paint-order=\"stroke\" stroke=\"#ffffff\" "
      svg += "stroke-width=\"3\">\(escape(vertical.label))</text>\n"
    }
    var legendY = plot.top + 6
    let legendX = plot.left + plot.width + 28
    for (index, name) in legendNames.enumerated() {
      let colour = palette[index % palette.count]
      svg += "<rect x=\"\(n(legendX))\" y=\"\(n(legendY - 7))\" width=\"24\" height=\"14\" fill=\"\(colour)\" "
      svg += "fill-opacity=\"0.15\"/>\n"
      svg += "<line x1=\"\(n(legendX))\" y1=\"\(n(legendY))\" x2=\"\(n(legendX + 24))\" y2=\"\(n(legendY))\" "
      svg += "stroke=\"\(colour)\" stroke-width=\"2\"\(dash(index))/>\n"
      svg += "<text x=\"\(n(legendX + 32))\" y=\"\(n(legendY + 4))\">\(escape(name))</text>\n"
      legendY += 22
    }
    if !note.isEmpty {
      svg += "<text x=\"\(n(legendX))\" y=\"\(n(legendY + 6))\" font-size=\"11\" fill=\"#555555\">"
      svg += "\(escape(truncated(note, 48)))</text>\n"
    }
    return svg + "</svg>\n"
  }

  /// The plot's rectangle inside the picture.
  /// The data of a line chart as CSV: one row per point, `series,x,y,lower,upper` (empty
  /// bounds when the series has none), numbers in Swift's shortest round-trip form.
  public static func csv(_ series: [ChartSeries], xName: String, yName: String) -> String {
    var text = "series,\(csvField(xName)),\(csvField(yName)),lower,upper\n"
    for item in series {
      for index in item.x.indices {
        let lower = item.lower.map { csvNumber($0[index]) } ?? ""
        let upper = item.upper.map { csvNumber($0[index]) } ?? ""
        text += "\(csvField(item.name)),\(csvNumber(item.x[index])),\(csvNumber(item.y[index])),\(lower),\(upper)\n"
      }
    }
    return text
  }

  /// The data of a bar chart as CSV: `label,value,lower,upper`.
  public static func csv(_ bars: [ChartBar], valueName: String) -> String {
    var text = "label,\(csvField(valueName)),lower,upper\n"
    for bar in bars {
      text += "\(csvField(bar.label)),\(csvNumber(bar.value)),\(bar.lower.map(csvNumber) ?? ""),"
      text += "\(bar.upper.map(csvNumber) ?? "")\n"
    }
    return text
  }

  /// A CSV field, quoted when it holds a comma, quote or newline (RFC 4180).
  static func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// A number for CSV: shortest round-trip form, empty for NaN or infinity.
  static func csvNumber(_ value: Double) -> String { value.isFinite ? "\(value)" : "" }

  struct PlotArea {
    var left: Double
    var top: Double
    var width: Double
    var height: Double
  }

  static func header(width: Double, height: Double, title: String) -> String {
    var svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" "
    svg += "viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
    svg += "<title>\(escape(title))</title>\n"
    svg += "<rect width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
    svg += "<text x=\"16\" y=\"26\" font-size=\"15\" font-weight=\"bold\">\(escape(title))</text>\n"
    return svg
  }

  /// Grid lines, axis lines, tick labels and axis titles.
  static func axes(
    plot: PlotArea, xTicks: ChartTicks, yTicks: ChartTicks, sx: (Double) -> Double, sy: (Double) -> Double,
    xLabel: String, yLabel: String
  ) -> String {
    var svg = "<g stroke=\"#e3e3e3\" stroke-width=\"1\">\n"
    for value in yTicks.values {
      svg += "<line x1=\"\(n(plot.left))\" y1=\"\(n(sy(value)))\" x2=\"\(n(plot.left + plot.width))\" "
      svg += "y2=\"\(n(sy(value)))\"/>\n"
    }
    for value in xTicks.values {
      svg += "<line x1=\"\(n(sx(value)))\" y1=\"\(n(plot.top))\" x2=\"\(n(sx(value)))\" "
      svg += "y2=\"\(n(plot.top + plot.height))\"/>\n"
    }
    svg += "</g>\n"
    let bottom = plot.top + plot.height
    svg += "<rect x=\"\(n(plot.left))\" y=\"\(n(plot.top))\" width=\"\(n(plot.width))\" height=\"\(n(plot.height))\" "
    svg += "fill=\"none\" stroke=\"#333333\" stroke-width=\"1\"/>\n"
    svg += "<g fill=\"#333333\">\n"
    for value in yTicks.values {
      svg += "<text x=\"\(n(plot.left - 8))\" y=\"\(n(sy(value) + 4))\" text-anchor=\"end\">"
      svg += "\(escape(yTicks.label(value)))</text>\n"
    }
    for value in xTicks.values {
      svg += "<text x=\"\(n(sx(value)))\" y=\"\(n(bottom + 18))\" text-anchor=\"middle\">"
      svg += "\(escape(xTicks.label(value)))</text>\n"
    }
    svg += "</g>\n"
    svg += "<text x=\"\(n(plot.left + plot.width / 2))\" y=\"\(n(bottom + 44))\" text-anchor=\"middle\">"
    svg += "\(escape(xLabel))</text>\n"
    let middle = plot.top + plot.height / 2
    svg += "<text x=\"18\" y=\"\(n(middle))\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(n(middle)))\">"
    svg += "\(escape(yLabel))</text>\n"
    return svg
  }

  /// A stroke-dasharray attribute for series `index` (none for the first eight).
  static func dash(_ index: Int) -> String {
    let pattern = dashes[(index / palette.count) % dashes.count]
    return pattern.isEmpty ? "" : " stroke-dasharray=\"\(pattern)\""
  }

  /// A coordinate with two decimals.
  static func n(_ value: Double) -> String { ReportFormat.fixed(value, 2) }

  /// `text` escaped for XML character data and attribute values; characters XML 1.0 does not
  /// allow become spaces.
  static func escape(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case let s where s.value < 0x20 || (0xFFFE...0xFFFF).contains(s.value): out += " "
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// The approximate width of `text` at 12 px: 7 px per narrow character, 12 per wide one.
  static func textWidth(_ text: String) -> Double {
    text.unicodeScalars.reduce(0.0) { $0 + ($1.value >= 0x1100 ? 12 : 7) }
  }

  /// `text` cut to `limit` characters with "…".
  static func truncated(_ text: String, _ limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
  }
}
