import Foundation
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

/// Run ids hash every parameter but those added later and left at their neutral default,
/// so adding such a key keeps the ids of the runs already logged.
@Suite("run identity")
struct RunIdentityTests {
  @Test func theCommittedHeadlineLogHoldsExactlyThePlannedIds() throws {
    let repository = TestPaths.repository
    let spec = try ExperimentSpec.load(path: repository.appendingPathComponent("Experiments/headline.yaml").path)
    let log = try RunLogReader(path: repository.appendingPathComponent("Reports/headline.h5").path)
    #expect(Set(spec.runs.map(\.id)) == Set(try log.runIDs()))
    // Five base seeds; the ablations' seed subsets: frozen 1, no_pretraining 1, no_references 5,
    // hog 3, random queries 1, no suggestions 3.
    #expect(spec.runs.count == 5 + 1 + 1 + 5 + 3 + 1 + 3)
  }

  @Test func aNeutralKeyCountsOnlyAwayFromItsDefault() throws {
    let spec = """
      experiment: identity
      kind: pipeline
      seeds: [1]
      parameters:
        dataset: {path: glyphs.h5}
      """
    let plain = try ExperimentSpec.parse(spec, file: "identity.yaml")
    let atDefault = try ExperimentSpec.parse(spec, file: "identity.yaml", overrides: ["pipeline.refit=after-batch"])
    let background = try ExperimentSpec.parse(spec, file: "identity.yaml", overrides: ["pipeline.refit=background"])
    let other = try ExperimentSpec.parse(spec, file: "identity.yaml", overrides: ["pipeline.suggest=false"])
    let ids = [plain, atDefault, background, other].map { $0.runs[0].id }
    #expect(ids[0] == ids[1], "pipeline.refit at its default stays out of the id")
    #expect(ids[2] != ids[0], "away from its default it counts")
    #expect(ids[3] != ids[0], "an ordinary key counts at any value")
    // The key is still logged with the run's parameters.
    #expect(plain.runs[0].parameters.canonicalJSON.contains("\"pipeline.refit\":\"after-batch\""))
    #expect(!plain.runs[0].parameters.identityJSON.contains("pipeline.refit"))
  }
}
