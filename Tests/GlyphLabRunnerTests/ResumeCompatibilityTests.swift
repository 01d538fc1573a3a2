import Foundation
import GlyphLabHDF5
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTestSupport
import Testing

/// A parameter added to a kind after a log was written, at its neutral default, does not stop
/// `--resume` of that log; a changed value of an existing parameter still does.
@Suite("resume across added parameters")
struct ResumeCompatibilityTests {
  @Test func aLogWrittenBeforeANeutralKeyExistedResumes() throws {
    let directory = try TestPaths.temporaryDirectory("resume-compatibility")
    let dataset = try DegenerateDatasetTests.write(
      "resume.h5", count: 40, pixel: { UInt8(($0 * 37) % 256) }, in: directory)
    let log = directory.appendingPathComponent("resume-log.h5").path
    let text = """
      experiment: resume
      kind: pipeline
      seeds: [1, 2]
      parameters:
        dataset: {path: \(dataset)}
        features: {kind: pixels, pca: 0}
        classifier: {metric: sqeuclidean}
        pipeline: {batch_size: 10}
      log: \(log)
      """
    let spec = try ExperimentSpec.parse(text, file: "resume.yaml")
    #expect(try ExperimentRunner(spec: spec).run().completed == 2)

    // The log as a GlyphLab without features.cache and pipeline.memory_limit_mb (both
    // neutral, at their defaults here) would have written it: its resolved spec lacks them.
    func rewrite(_ edit: (inout [String: Any]) -> Void) throws {
      let file = try HDF5File(path: log, mode: .readWrite)
      let stored = try file.stringAttribute("spec_resolved")
      var object = try #require(try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String: Any])
      var parameters = try #require(object["parameters"] as? [String: Any])
      edit(&parameters)
      object["parameters"] = parameters
      let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
      try file.setAttribute("spec_resolved", try #require(String(data: data, encoding: .utf8)))
      try file.setAttribute("spec_hash", String(repeating: "0", count: 64))
      try file.close()
    }
    try rewrite { parameters in
      parameters["features.cache"] = nil
      parameters["pipeline.memory_limit_mb"] = nil
    }
    var options = RunnerOptions()
    options.resume = true
    let resumed = try ExperimentRunner(spec: spec, options: options).run()
    #expect(resumed.skipped == 2 && resumed.completed == 0)

    // A value that differs is another experiment.
    try rewrite { parameters in parameters["pipeline.batch_size"] = 20 }
    #expect(throws: RunLogError.self) { try ExperimentRunner(spec: spec, options: options).run() }
    // So is a new key set away from its default.
    try rewrite { parameters in
      parameters["pipeline.batch_size"] = 10
      parameters["features.cache"] = nil
    }
    let changed = try ExperimentSpec.parse(text, file: "resume.yaml", overrides: ["features.cache=off"])
    #expect(throws: RunLogError.self) { try ExperimentRunner(spec: changed, options: options).run() }
    #expect(try ExperimentRunner(spec: spec, options: options).run().skipped == 2)
  }
}
