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

@Suite("glyphlab run --list-parameters and --dry-run")
struct ListParametersCommandTests {
  @Test func listsEveryKeyAndSuggestsAKindForANearMiss() throws {
    let glyphlab = try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
    let listing = try ProcessRunner.run(glyphlab, ["run", "--list-parameters", "clustering"])
    #expect(listing.status == 0, "\(listing.stderr)")
    for definition in ClusteringExperiment.schema.definitions {
      #expect(listing.stdout.contains(definition.key + "\n  type: "), "\(definition.key)")
    }
    let wrong = try ProcessRunner.run(glyphlab, ["run", "--list-parameters", "fewsht"])
    #expect(wrong.status != 0)
    #expect(wrong.stderr.contains("did you mean 'fewshot'?"), "\(wrong.stderr)")
  }

  @Test func theDryRunChecksThatTheDatasetExists() throws {
    let glyphlab = try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
    let directory = try TestPaths.temporaryDirectory("dry-run")
    let missing = directory.appendingPathComponent("missing.h5").path
    let spec = try RunnerFixtures.write(
      FewShotFixtures.spec(dataset: missing, log: directory.appendingPathComponent("log.h5").path), to: "spec.yaml",
      in: directory)
    let run = try ProcessRunner.run(glyphlab, ["run", spec, "--dry-run"])
    #expect(run.status != 0)
    #expect(run.stderr.contains("parameters.dataset.path: \(missing) does not exist"), "\(run.stderr)")
  }
}
