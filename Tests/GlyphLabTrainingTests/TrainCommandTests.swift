import Foundation
import GlyphLabTestSupport
import Testing

@testable import GlyphLabTraining

/// `glyphlab train` and `glyphlab evaluate-encoder` as a user runs them.
@Suite struct TrainCommandTests {
  func glyphlab() throws -> URL {
    try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
  }

  @Test func trainResumeAndBadInput() throws {
    let directory = try TestPaths.temporaryDirectory("train-command")
    let dataset = directory.appendingPathComponent("tiny.h5").path
    try TinyGlyphs.write(to: dataset, chunk: 16, renderingGroup: true)
    let spec = TestPaths.repository.appendingPathComponent("Experiments/encoder-tiny.yaml").path
    let out = directory.appendingPathComponent("enc.h5").path
    let base = ["train", spec, "dataset=\(dataset)", "out=\(out)", "epochs=2"]

    let first = try ProcessRunner.run(try glyphlab(), base + ["--threads", "1", "--stop-after-steps", "2"])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("stopped after 2 of 6 steps"), "\(first.stdout)")
    let resumed = try ProcessRunner.run(try glyphlab(), base + ["--resume"])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.contains("trained 6 steps") && resumed.stdout.contains(out), "\(resumed.stdout)")
    #expect(resumed.stderr.contains("epoch 2/2 done"), "\(resumed.stderr)")
    #expect(FileManager.default.fileExists(atPath: out))

    let again = try ProcessRunner.run(try glyphlab(), base)
    #expect(again.status != 0 && again.stderr.contains(out) && again.stderr.contains("--overwrite"), "\(again.stderr)")

    let zero = try ProcessRunner.run(try glyphlab(), ["train", spec, "dataset=\(dataset)", "epochs=0"])
    #expect(zero.status != 0)
    #expect(zero.stderr.contains("<command line>: epochs: 0 is outside 1...100000"), "\(zero.stderr)")
    let missing = try ProcessRunner.run(
      try glyphlab(), ["train", spec, "dataset=\(directory.path)/none.h5", "out=\(directory.path)/n.h5"])
    #expect(missing.status != 0 && missing.stderr.contains("none.h5"), "\(missing.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "\(directory.path)/n.h5"))

    // The encoder saw the dataset's fonts: the novel-editions check refuses, naming the overlap.
    let refused = try ProcessRunner.run(
      try glyphlab(), ["evaluate-encoder", out, "--references", dataset, "--corpus", dataset])
    #expect(refused.status != 0 && refused.stderr.contains("novel-editions protocol forbids"), "\(refused.stderr)")
  }
}
