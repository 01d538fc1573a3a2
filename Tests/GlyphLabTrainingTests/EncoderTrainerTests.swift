import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabNetworks
import GlyphLabTestSupport
import Testing

@testable import GlyphLabTraining

/// Training runs set the process's BLAS thread count, so they run one at a time.
@Suite(.serialized) struct EncoderTrainerTests {
  let directory: URL
  let dataset: String

  init() throws {
    directory = try TestPaths.temporaryDirectory("trainer")
    dataset = directory.appendingPathComponent("tiny.h5").path
    // 6 characters × 2 fonts × 4 copies = 48 glyphs in chunks of 16: 3 chunks, 3 steps per epoch.
    try TinyGlyphs.write(to: dataset, chunk: 16)
  }

  func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  @Test func lossFallsAndAccuracyRises() throws {
    let spec = try TinyGlyphs.spec(dataset: dataset, out: path("a.h5"), ["epochs=8"])
    var steps = 0
    let summary = try EncoderTrainer(spec: spec).train { _ in steps += 1 }
    #expect(summary.finished && summary.globalStep == 24 && steps == 24)
    let first = try #require(summary.epochLosses.first)
    #expect(summary.epochLosses.count == 8)
    #expect(summary.loss < first * 0.8, "losses \(summary.epochLosses)")
    #expect(summary.accuracy > (summary.epochAccuracies.first ?? 1), "accuracies \(summary.epochAccuracies)")
    #expect(!FileManager.default.fileExists(atPath: spec.checkpointPath(out: path("a.h5"))))

    // The file records the spec, provenance and training contents.
    let trained = try TrainedEncoder.load(path("a.h5"))
    #expect(trained.metadata[EncoderRecord.spec]?.contains("encoder-tiny") == true)
    #expect(trained.metadata[EncoderRecord.dataset] == dataset)
    #expect(trained.metadata[EncoderRecord.datasetFingerprint]?.hasPrefix("fnv1a64:") == true)
    #expect(trained.metadata[EncoderRecord.seed] == "7")
    #expect(trained.metadata[EncoderRecord.blasCore] == BLAS.activeCoreName)
    #expect(trained.metadata[EncoderRecord.overrides]?.contains("epochs=8") == true)
    #expect(trained.contents?.characters == TinyGlyphs.characters)
    #expect(trained.contents?.fonts.count == 2)
    #expect(trained.imageHeight == 24 && trained.encoder.architecture.inputHeight == 16)
  }

  @Test func resumeIsBitIdenticalToAnUninterruptedRun() throws {
    let whole = try TinyGlyphs.spec(dataset: dataset, out: path("whole.h5"))
    _ = try EncoderTrainer(spec: whole).train()
    // Stop mid-epoch (step 5 of 12, epoch 2 step 2), then resume.
    let parts = try TinyGlyphs.spec(dataset: dataset, out: path("parts.h5"))
    let first = try EncoderTrainer(spec: parts).train(options: TrainerOptions(stopAfterSteps: 5))
    #expect(!first.finished && first.globalStep == 5)
    #expect(FileManager.default.fileExists(atPath: first.checkpoint))
    #expect(!FileManager.default.fileExists(atPath: path("parts.h5")))
    let second = try EncoderTrainer(spec: parts).train(options: TrainerOptions(resume: true))
    #expect(second.finished && second.globalStep == 12)
    let a = try TrainedEncoder.load(path("whole.h5"))
    let b = try TrainedEncoder.load(path("parts.h5"))
    #expect(a.encoder.state == b.encoder.state)
    let headA = try EncoderWeightsFile.read(path("whole.h5")).checkpoint
    let headB = try EncoderWeightsFile.read(path("parts.h5")).checkpoint
    #expect(!headA.isEmpty && headA == headB)
    #expect(a.metadata[EncoderRecord.finalLoss] == b.metadata[EncoderRecord.finalLoss])

    // A resume with other settings is refused, naming the checkpoint and the setting.
    _ = try EncoderTrainer(spec: parts).train(options: TrainerOptions(overwrite: true, stopAfterSteps: 2))
    let other = try TinyGlyphs.spec(dataset: dataset, out: path("parts.h5"), ["seed=8"])
    let refused = describe(thrown { _ = try EncoderTrainer(spec: other).train(options: TrainerOptions(resume: true)) })
    #expect(refused.contains(other.checkpointPath(out: path("parts.h5"))) && refused.contains("seed"), "\(refused)")
  }

  @Test func weightsDoNotDependOnTheThreadCount() throws {
    let one = try TinyGlyphs.spec(dataset: dataset, out: path("t1.h5"), ["threads=1", "epochs=2"])
    let two = try TinyGlyphs.spec(dataset: dataset, out: path("t2.h5"), ["threads=2", "epochs=2"])
    let s1 = try EncoderTrainer(spec: one).train()
    let s2 = try EncoderTrainer(spec: two).train()
    #expect(s1.epochLosses == s2.epochLosses)
    let w1 = try TrainedEncoder.load(path("t1.h5")).encoder.state
    let w2 = try TrainedEncoder.load(path("t2.h5")).encoder.state
    #expect(w1 == w2)
  }

  @Test func nonFiniteLossStopsAndKeepsTheLastCheckpoint() throws {
    let spec = try TinyGlyphs.spec(
      dataset: dataset, out: path("nan.h5"),
      ["loss={kind: softmax}", "optimizer.learning_rate=1e30", "schedule={kind: constant}", "checkpoint_every=1"])
    var caught: EncoderError?
    do {
      _ = try EncoderTrainer(spec: spec).train()
    } catch let error as EncoderError {
      caught = error
    }
    let error = try #require(caught)
    guard case .nonFiniteLoss(let epoch, let step, _, let checkpoint) = error else {
      Issue.record("expected a non-finite loss, got \(error)")
      return
    }
    #expect(epoch == 1 && step >= 2)
    #expect(checkpoint == spec.checkpointPath(out: path("nan.h5")))
    #expect("\(error)".contains("epoch 1, step \(step)"))
    #expect(!FileManager.default.fileExists(atPath: path("nan.h5")))
    // The checkpoint kept is the last good one: finite weights, at the step before.
    let kept = try EncoderWeightsFile.read(spec.checkpointPath(out: path("nan.h5")))
    #expect(kept.metadata["checkpoint.global_step"] == "\(step - 1)")
    #expect(kept.encoder.state.values.allSatisfy { $0.values.allSatisfy(\.isFinite) })
  }

  @Test func existingOutputsNeedOverwriteOrResume() throws {
    let spec = try TinyGlyphs.spec(dataset: dataset, out: path("x.h5"), ["epochs=1"])
    _ = try EncoderTrainer(spec: spec).train()
    let exists = describe(thrown { _ = try EncoderTrainer(spec: spec).train() })
    #expect(exists.contains(path("x.h5")) && exists.contains("--overwrite"), "\(exists)")
    _ = try EncoderTrainer(spec: spec).train(options: TrainerOptions(overwrite: true))
    let missing = describe(thrown { _ = try EncoderTrainer(spec: spec).train(options: TrainerOptions(resume: true)) })
    #expect(missing.contains("no checkpoint"), "\(missing)")
    // The one output rule: the dataset is never the weights file, even with --overwrite, and
    // a file of another kind (here the dataset's copy) is not replaced by --overwrite alone.
    let intoDataset = try TinyGlyphs.spec(dataset: dataset, out: dataset, ["epochs=1"])
    let refused = describe(
      thrown { _ = try EncoderTrainer(spec: intoDataset).train(options: TrainerOptions(overwrite: true)) })
    #expect(refused.contains(dataset) && refused.contains("input"), "\(refused)")
    try FileManager.default.copyItem(atPath: dataset, toPath: path("copy.h5"))
    let otherKind = try TinyGlyphs.spec(dataset: dataset, out: path("copy.h5"), ["epochs=1"])
    let kept = describe(
      thrown { _ = try EncoderTrainer(spec: otherKind).train(options: TrainerOptions(overwrite: true)) })
    #expect(kept.contains(path("copy.h5")) && kept.contains("--replace-other-kind"), "\(kept)")
    #expect(try GlyphDatasetReader(path: path("copy.h5")).count > 0, "the dataset copy is intact")
  }

  @Test func reservedFontsInTheTrainingDataAreRefused() throws {
    let reserved = path("reserved.h5")
    try TinyGlyphs.write(to: reserved, fontNames: ["TW-Kai Regular", "Noto Sans CJK JP Regular"])
    let spec = try TinyGlyphs.spec(dataset: reserved, out: path("r.h5"))
    let error = thrown { _ = try EncoderTrainer(spec: spec).train() }
    guard case .reservedFont(let source, let font) = error as? EncoderError else {
      Issue.record("expected a reserved-font error, got \(String(describing: error))")
      return
    }
    #expect(source.contains(reserved) && font == "TW-Kai Regular")
  }

  @Test func prototypicalEpisodesTrain() throws {
    let spec = try TinyGlyphs.spec(
      dataset: dataset, out: path("proto.h5"),
      ["loss={kind: prototypical, ways: 3, shots: 2, queries: 2}", "batch_size=12", "epochs=2"])
    let summary = try EncoderTrainer(spec: spec).train()
    #expect(summary.finished && summary.globalStep > 0)
    #expect(summary.epochLosses.allSatisfy { $0.isFinite })
  }
}
