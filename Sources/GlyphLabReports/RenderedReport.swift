import Foundation

/// A report ready to write: the Markdown text and the SVG charts it embeds by relative path.
public struct RenderedReport: Sendable, Equatable {
  /// The Markdown document.
  public var markdown: String
  /// The charts, each written next to the Markdown file under its own name.
  public var charts: [ReportFile]

  /// Creates a rendered report.
  public init(markdown: String, charts: [ReportFile]) {
    self.markdown = markdown
    self.charts = charts
  }

  /// Writes the charts next to `url`, then the Markdown at `url`, each atomically.
  ///
  /// - Returns: the URLs written, Markdown first.
  @discardableResult
  public func write(to url: URL) throws -> [URL] {
    let directory = url.deletingLastPathComponent()
    var written: [URL] = []
    for chart in charts {
      let chartURL = directory.appendingPathComponent(chart.name)
      if let bytes = chart.bytes {
        try AtomicFile.write(Data(bytes), to: chartURL)
      } else {
        try AtomicFile.write(chart.contents, to: chartURL)
      }
      written.append(chartURL)
    }
    try AtomicFile.write(markdown, to: url)
    return [url] + written
  }

  /// The name a report's files start with: `url`'s name without `.md`.
  public static func stem(of url: URL) -> String {
    let name = url.lastPathComponent
    return name.hasSuffix(".md") ? String(name.dropLast(3)) : name
  }

  /// A file-name-safe form of `name`: letters, digits, ".", "-" and "_" are kept, anything
  /// else becomes "-".
  public static func safeFileName(_ name: String) -> String {
    let kept = name.unicodeScalars.map { scalar -> String in
      let ok =
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        || scalar == "." || scalar == "-" || scalar == "_"
      return ok ? String(scalar) : "-"
    }.joined()
    return kept.isEmpty || kept.hasPrefix(".") ? "report" + kept : kept
  }
}
