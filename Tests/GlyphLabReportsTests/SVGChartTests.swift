import Foundation
import GlyphLabReports
import GlyphLabTestSupport
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite("SVG charts")
struct SVGChartTests {
  /// What an XML parse found.
  struct Parsed {
    var root: String
    var elements: [String: Int]
    var text: String
  }

  /// Parses `svg` with Foundation's XMLParser; throws its error if it is not well-formed XML.
  static func parse(_ svg: String) throws -> Parsed {
    final class Collector: NSObject, XMLParserDelegate {
      var elements: [String: Int] = [:]
      var root = ""
      var text = ""
      func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
      ) {
        if root.isEmpty { root = name }
        elements[name, default: 0] += 1
      }
      func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }
    let parser = XMLParser(data: Data(svg.utf8))
    let collector = Collector()
    parser.delegate = collector
    guard parser.parse() else {
      throw parser.parserError ?? CocoaError(.propertyListReadCorrupt)
    }
    return Parsed(root: collector.root, elements: collector.elements, text: collector.text)
  }

  @Test func everyChartOfTheSyntheticReportIsWellFormed() throws {
    let (snapshot, directory) = try MarkdownReportTests.snapshot(.standard())
    defer { try? FileManager.default.removeItem(at: directory) }
    let rendered = MarkdownReport(snapshot: snapshot).render(fileStem: "synthetic")
    #expect(rendered.charts.count == 8)  // 4 charts, each with its CSV
    for chart in rendered.charts {
      #expect(rendered.markdown.contains("](\(chart.name))"), "\(chart.name) is linked")
      guard chart.name.hasSuffix(".svg") else {
        #expect(rendered.charts.contains { $0.name == chart.name.replacingOccurrences(of: ".csv", with: ".svg") })
        continue
      }
      let parsed = try Self.parse(chart.contents)
      #expect(parsed.root == "svg", "\(chart.name)")
    }
    let labels = try #require(rendered.charts.first { $0.name == "synthetic-accuracy-labels.svg" })
    let parsed = try Self.parse(labels.contents)
    // Every configuration, the two ablation variants included: a line and a band each.
    #expect(parsed.elements["polyline"] == 5 && parsed.elements["polygon"] == 5)
    #expect(parsed.text.contains("target 97.5%") && parsed.text.contains("base: pipeline.strategy=hybrid"))
    #expect(parsed.text.contains("ablation no-pca: pipeline.strategy=hybrid"))
    #expect(parsed.text.contains("Accuracy (%)") && parsed.text.contains("Labels (glyphs settled by people)"))
    let bars = try #require(rendered.charts.first { $0.name == "synthetic-ablation-final-accuracy.svg" })
    #expect(try Self.parse(bars.contents).elements["rect", default: 0] >= 3)  // background and two bars
  }

  @Test func lineChartsHandleDegenerateInput() throws {
    let cases: [[ChartSeries]] = [
      [],
      [ChartSeries(name: "one point", x: [3], y: [0.5])],
      [ChartSeries(name: "flat", x: [0, 1, 2], y: [1, 1, 1], lower: [1, 1, 1], upper: [1, 1, 1])],
      [ChartSeries(name: "gaps", x: [0, .nan, 2], y: [.nan, 1, 2], lower: [0, 0], upper: [1, 1])],
      (0..<12).map {
        ChartSeries(name: "series \($0) " + String(repeating: "名", count: $0 * 5), x: [0, 1], y: [0, Double($0)])
      },
    ]
    for series in cases {
      let svg = SVGChart.lineChart(
        title: "t <1>", xLabel: "x & y", yLabel: "\"y\"", series: series,
        reference: ChartReferenceLine(value: 0.975, label: "target"), yLimits: 0...100, note: "note")
      #expect(try Self.parse(svg).root == "svg")
      #expect(!svg.contains("n/a") && !svg.contains("nan") && !svg.contains("inf"))
    }
  }

  /// The x and y of the `<text>` holding `label`.
  static func position(of label: String, in svg: String) -> (x: Double, y: Double)? {
    for line in svg.split(separator: "\n") where line.hasPrefix("<text") && line.contains(">\(label)</text>") {
      func number(_ key: String) -> Double? {
        guard let range = line.range(of: " \(key)=\"") else { return nil }
        return Double(line[range.upperBound...].prefix { $0 != "\"" })
      }
      if let x = number("x"), let y = number("y") { return (x, y) }
    }
    return nil
  }

  @Test func referenceLabelsStayClearOfTheFrame() throws {
    // The plot spans x 72…592 and y 48…348; a 12 px label's top is about 10 px above its y.
    for target in [50.0, 97.5, 99.9, 100] {
      for budget in [0.5, 9.8, 10] {
        let svg = SVGChart.lineChart(
          title: "t", xLabel: "x", yLabel: "y",
          series: [ChartSeries(name: "s", x: [0, 5, 10], y: [20, 60, 99])],
          reference: ChartReferenceLine(value: target, label: "target"),
          vertical: ChartReferenceLine(value: budget, label: "budget"), yLimits: 0...100)
        let label = try #require(Self.position(of: "target", in: svg))
        #expect(label.y - 10 > 48 + 1 && label.y < 348 - 1, "target \(target): label at y \(label.y)")
        #expect(label.x > 72 && label.x < 592)
        let budgetLabel = try #require(Self.position(of: "budget", in: svg), "budget \(budget)")
        #expect(budgetLabel.x > 72 && budgetLabel.x < 592 && budgetLabel.y < 348 && budgetLabel.y - 10 > 48)
        #expect(svg.contains("stroke=\"#7a0000\""), "the budget is drawn as a line")
      }
    }
  }

  @Test func barChartsHandleNegativeAndDegenerateValues() throws {
    let cases: [[ChartBar]] = [
      [],
      [ChartBar(label: "zero", value: 0)],
      [ChartBar(label: "a", value: -2, lower: -3, upper: -1, annotation: "-2 ± 1"), ChartBar(label: "b", value: 4)],
      [ChartBar(label: "gaps", value: .nan, lower: .nan, upper: 1)],
    ]
    for bars in cases {
      let svg = SVGChart.barChart(title: "bars", valueLabel: "Δ", bars: bars)
      #expect(try Self.parse(svg).root == "svg")
      #expect(!svg.contains("n/a") && !svg.contains("nan") && !svg.contains("inf"))
    }
  }

  @Test func ticksAreNiceAndCoverTheRange() {
    let ticks = ChartTicks(lower: 57.3, upper: 98.6)
    #expect(ticks.values.map { ticks.label($0) } == ["50", "60", "70", "80", "90", "100"])
    let small = ChartTicks(lower: 0.093, upper: 0.55)
    #expect(small.lower <= 0.093 && small.upper >= 0.55 && small.step == 0.1)
    #expect(small.values.map { small.label($0) } == ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6"])
    let flat = ChartTicks(lower: 5, upper: 5)
    #expect(flat.lower < 5 && flat.upper > 5)
  }
}
