import Foundation
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

/// docs/experiments.md documents every kind's parameters exactly as its schema declares them.
@Suite("parameter docs")
struct SchemaDocsTests {
  static let docsPath = TestPaths.repository.appendingPathComponent("docs/experiments.md").path

  /// The doc with every kind's block replaced by the table generated from its schema.
  static func generated(from text: String) -> String {
    var out = text
    for name in ExperimentRegistry.standard.names {
      guard let kind = ExperimentRegistry.standard.kind(named: name) else { continue }
      let open = "<!-- parameters: \(name) -->"
      guard let start = out.range(of: open),
        let end = out.range(of: "<!-- /parameters -->", range: start.upperBound..<out.endIndex)
      else { continue }
      out.replaceSubrange(start.upperBound..<end.lowerBound, with: "\n" + kind.schema.markdownTable() + "\n")
    }
    return out
  }

  /// Set GLYPHLAB_WRITE_DOCS=1 to rewrite the tables from the schemas instead of checking.
  @Test func everyKindsTableMatchesItsSchema() throws {
    let text = try String(contentsOfFile: Self.docsPath, encoding: .utf8)
    for name in ExperimentRegistry.standard.names {
      #expect(text.contains("<!-- parameters: \(name) -->"), "docs/experiments.md has no table for kind \(name)")
    }
    let expected = Self.generated(from: text)
    if ProcessInfo.processInfo.environment["GLYPHLAB_WRITE_DOCS"] == "1" {
      try expected.write(toFile: Self.docsPath, atomically: true, encoding: .utf8)
      return
    }
    #expect(text == expected, "docs/experiments.md disagrees with the schemas; run with GLYPHLAB_WRITE_DOCS=1")
  }

  @Test func listingNamesEveryKeyTypeAndDefault() throws {
    let listing = FewShotExperiment.schema.listing()
    for definition in FewShotExperiment.schema.definitions {
      #expect(listing.contains(definition.key + "\n  type: \(definition.type)\n"))
      #expect(listing.contains(definition.doc))
    }
    #expect(listing.contains("dataset.path\n  type: string\n  default: required"))
  }
}
