import Foundation
import GlyphLabTestSupport
import Testing

@testable import GlyphLabTraining

/// The encoder in the pipeline kind as a user runs it: `glyphlab train`, then a `pipeline`
/// spec with `features.kind: encoder`, rendered references and embedding fine-tuning.
@Suite struct EncoderPipelineTests {
  func glyphlab() throws -> URL {
    try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
  }

  /// A pipeline spec over `corpus` with `encoder` and `references`, logging to `log`.
  func spec(corpus: String, encoder: String, references: String, log: String, extra: String = "") -> String {
    """
    experiment: encoder-pipeline
    kind: pipeline
    target: 1.0
    seeds: [1]
    parameters:
      dataset: {path: \(corpus)}
      features: {kind: encoder, weights: \(encoder), pca: 0, batch_size: 32}
      references: {dataset: \(references), mode: mean}
      adapt: {method: fine-tune-embedding, every: 1, epochs: 2, batch_size: 16}
      classifier: {name: knn, k: 1, metric: cosine, whitening: false}
      query: {strategy: margin}
      pipeline: {budget: unlimited, batch_size: 4, verify_clusters: false, suggest: true}
    \(extra)
    log: \(log)
    """
  }

  @Test func referencesLabelBeforeAnyoneAndFineTuningRuns() throws {
    let directory = try TestPaths.temporaryDirectory("encoder-pipeline")
    let (references, corpus, encoder) = try TinyGlyphs.novelEditions(in: directory, glyphlab: try glyphlab(), epochs: 6)

    let specPath = directory.appendingPathComponent("pipeline.yaml").path
    let log = directory.appendingPathComponent("pipeline.h5").path
    try spec(corpus: corpus, encoder: encoder, references: references, log: log)
      .write(toFile: specPath, atomically: true, encoding: .utf8)
    let dry = try ProcessRunner.run(try glyphlab(), ["run", specPath, "--dry-run"])
    #expect(dry.status == 0, "\(dry.stderr)")
    let run = try ProcessRunner.run(try glyphlab(), ["run", specPath, "--jobs", "1"])
    try #require(run.status == 0, "\(run.stderr)")
    let listing = try ProcessRunner.run(try glyphlab(), ["runs", log, "--format", "json"])
    #expect(listing.status == 0, "\(listing.stderr)")
    // Round 0 is the zero-label point, above chance for six classes; people then finish.
    let script = """
      import h5py, sys
      f = h5py.File(sys.argv[1], "r")
      run = f["runs"][list(f["runs"])[0]]
      curve = run["curve"]
      print(run.attrs["zero_label_accuracy"], curve["cost"][0], curve["labels"][0], run.attrs["final_accuracy"],
            run.attrs["references"], "throughput_adapt" in run.attrs)
      """
    let read = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script, log])
    try #require(read.status == 0, "\(read.stderr)")
    let fields = read.stdout.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
    let zeroLabel = try #require(Double(fields[0]))
    #expect(zeroLabel > 1.0 / 6.0, "zero-label accuracy \(zeroLabel)")
    #expect(Double(fields[1]) == 0 && Double(fields[2]) == 0)
    #expect(Double(fields[3]) == 1)
    #expect(fields[4] == "6")
    #expect(fields[5] == "True")

    // No pretraining: the same architecture with fresh weights, fine-tuned whole in the loop.
    let scratchLog = directory.appendingPathComponent("scratch.h5").path
    let scratch = try ProcessRunner.run(
      try glyphlab(),
      [
        "run", specPath, "features.initialization=random", "adapt.method=fine-tune", "adapt.epochs=1",
        "--log", scratchLog, "--jobs", "1",
      ])
    try #require(scratch.status == 0, "\(scratch.stderr)")
    let scratchRead = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script, scratchLog])
    try #require(scratchRead.status == 0, "\(scratchRead.stderr)")
    let scratchFields = scratchRead.stdout.split(separator: " ").map {
      String($0).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    #expect(Double(scratchFields[3]) == 1 && scratchFields[5] == "True")
    let scratchZero = try #require(Double(scratchFields[0]))
    #expect(scratchZero < zeroLabel, "an untrained network labels fewer glyphs before anyone: \(scratchZero)")
  }

  @Test func badCombinationsNameTheirKey() throws {
    let directory = try TestPaths.temporaryDirectory("encoder-pipeline-bad")
    let references = directory.appendingPathComponent("references.h5").path
    try TinyGlyphs.write(to: references, chunk: 16, renderingGroup: true)
    let corpus = directory.appendingPathComponent("corpus.h5").path
    try TinyGlyphs.write(to: corpus, copies: 2)
    let log = directory.appendingPathComponent("bad.h5").path
    let specPath = directory.appendingPathComponent("bad.yaml").path
    func refused(_ text: String, _ expected: String) throws {
      try text.write(toFile: specPath, atomically: true, encoding: .utf8)
      let result = try ProcessRunner.run(try glyphlab(), ["run", specPath, "--dry-run"])
      #expect(result.status != 0 && result.stderr.contains(expected), "\(result.stderr)")
      #expect(!FileManager.default.fileExists(atPath: log))
    }
    let base = spec(corpus: corpus, encoder: "/nonexistent/encoder.h5", references: references, log: log)
    // Fine-tuning needs an encoder; references are the corpus's characters, which the
    // novel-characters protocol holds out; references drawn in the corpus's own fonts break
    // novel editions.
    try refused(
      base.replacingOccurrences(
        of: "kind: encoder, weights: /nonexistent/encoder.h5, pca: 0, batch_size: 32", with: "kind: hog, pca: 0"),
      "adapt.method")
    try refused(
      base.replacingOccurrences(of: "pca: 0, batch_size: 32", with: "pca: 0, protocol: novel-characters"),
      "references.dataset")
    try refused(
      base.replacingOccurrences(
        of: "kind: encoder, weights: /nonexistent/encoder.h5, pca: 0, batch_size: 32", with: "kind: hog, pca: 0"
      ).replacingOccurrences(of: "method: fine-tune-embedding", with: "method: none"),
      "novel-editions protocol forbids")
    try refused(base, "/nonexistent/encoder.h5")
  }
}
