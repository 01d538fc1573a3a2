extension SVGChart {
  /// A horizontal bar chart: one bar per entry from zero, with whiskers and the annotation
  /// beside it, labels on the left and a solid line at zero.
  ///
  /// - Parameters:
  ///   - title: printed above the plot.
  ///   - valueLabel: the value axis's title.
  ///   - bars: the bars, top to bottom.
  /// - Complexity: O(bars).
  public static func barChart(title: String, valueLabel: String, bars: [ChartBar]) -> String {
    let labels = bars.map { truncated($0.label, 48) }
    let labelWidth = min(360, max(80, (labels.map(textWidth).max() ?? 0) + 16))
    let annotationWidth = min(160, max(40, (bars.map { textWidth($0.annotation) }.max() ?? 0) + 12))
    let values = bars.flatMap { [$0.value, $0.lower ?? $0.value, $0.upper ?? $0.value] }.filter(\.isFinite) + [0]
    let ticks = ChartTicks(lower: values.min() ?? 0, upper: values.max() ?? 1)
    let rowHeight = 30.0
    let plot = PlotArea(
      left: labelWidth + 16, top: 48, width: 420, height: max(1, Double(bars.count)) * rowHeight)
    let width = plot.left + plot.width + annotationWidth + 16
    let height = plot.top + plot.height + 62
    let sx = { (x: Double) in plot.left + (x - ticks.lower) / (ticks.upper - ticks.lower) * plot.width }

    var svg = header(width: width, height: height, title: title)
    svg += "<g stroke=\"#e3e3e3\" stroke-width=\"1\">\n"
    for value in ticks.values {
      svg += "<line x1=\"\(n(sx(value)))\" y1=\"\(n(plot.top))\" x2=\"\(n(sx(value)))\" "
      svg += "y2=\"\(n(plot.top + plot.height))\"/>\n"
    }
    svg += "</g>\n"
    let bottom = plot.top + plot.height
    svg += "<line x1=\"\(n(plot.left))\" y1=\"\(n(bottom))\" x2=\"\(n(plot.left + plot.width))\" y2=\"\(n(bottom))\" "
    svg += "stroke=\"#333333\" stroke-width=\"1\"/>\n"
    svg += "<g fill=\"#333333\">\n"
    for value in ticks.values {
      svg += "<text x=\"\(n(sx(value)))\" y=\"\(n(bottom + 18))\" text-anchor=\"middle\">"
      svg += "\(escape(ticks.label(value)))</text>\n"
    }
    svg += "</g>\n"
    svg += "<text x=\"\(n(plot.left + plot.width / 2))\" y=\"\(n(bottom + 44))\" text-anchor=\"middle\">"
    svg += "\(escape(valueLabel))</text>\n"
    for (index, bar) in bars.enumerated() {
      let middle = plot.top + (Double(index) + 0.5) * rowHeight
      let zero = sx(0)
      let end = bar.value.isFinite ? sx(bar.value) : zero
      let colour = bar.value < 0 ? palette[1] : palette[0]
      svg += "<text x=\"\(n(plot.left - 10))\" y=\"\(n(middle + 4))\" text-anchor=\"end\">"
      svg += "\(escape(labels[index]))</text>\n"
      svg += "<rect x=\"\(n(min(zero, end)))\" y=\"\(n(middle - 9))\" width=\"\(n(abs(end - zero)))\" height=\"18\" "
      svg += "fill=\"\(colour)\" fill-opacity=\"0.75\"/>\n"
      var right = max(zero, end)
      if let lower = bar.lower, let upper = bar.upper, lower.isFinite, upper.isFinite {
        let (a, b) = (sx(lower), sx(upper))
        svg += "<g stroke=\"#222222\" stroke-width=\"1.5\">"
        svg += "<line x1=\"\(n(a))\" y1=\"\(n(middle))\" x2=\"\(n(b))\" y2=\"\(n(middle))\"/>"
        svg += "<line x1=\"\(n(a))\" y1=\"\(n(middle - 5))\" x2=\"\(n(a))\" y2=\"\(n(middle + 5))\"/>"
        svg += "<line x1=\"\(n(b))\" y1=\"\(n(middle - 5))\" x2=\"\(n(b))\" y2=\"\(n(middle + 5))\"/></g>\n"
        right = max(right, b)
      }
      if !bar.annotation.isEmpty {
        svg += "<text x=\"\(n(max(right, plot.left + plot.width) + 8))\" y=\"\(n(middle + 4))\" fill=\"#333333\">"
        svg += "\(escape(bar.annotation))</text>\n"
      }
    }
    let zero = n(sx(0))
    svg += "<line x1=\"\(zero)\" y1=\"\(n(plot.top))\" x2=\"\(zero)\" y2=\"\(n(bottom))\" stroke=\"#333333\" "
    svg += "stroke-width=\"1.2\"/>\n"
    return svg + "</svg>\n"
  }
}
