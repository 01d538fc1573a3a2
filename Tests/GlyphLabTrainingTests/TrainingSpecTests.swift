import Foundation
import GlyphLabConfig
import GlyphLabTestSupport
import Testing

@testable import GlyphLabTraining

@Suite struct TrainingSpecTests {
  static let base = """
    dataset: data.h5
    out: encoder.h5
    epochs: 3
    optimizer:
      kind: sgd
      learning_rate: 0.1
    """

  /// The error from parsing `text` with `overrides`, or nil if it parsed.
  func error(_ text: String, overrides: [String] = []) -> ConfigError? {
    do {
      _ = try TrainingSpec.parse(text, file: "spec.yaml", overrides: overrides)
      return nil
    } catch let error as ConfigError {
      return error
    } catch {
      Issue.record("unexpected error \(error)")
      return nil
    }
  }

  @Test func defaultsAndCommittedSpecsParse() throws {
    let spec = try TrainingSpec.parse(Self.base, file: "spec.yaml")
    #expect(spec.inputSize == 32 && spec.batchSize == 128 && spec.seed == 0 && spec.epochs == 3)
    #expect(spec.loss == .cosineSoftmax(scale: 16))
    #expect(spec.checkpointPath(out: spec.out) == "encoder.checkpoint.h5")
    #expect(spec.optimizer == .sgd(learningRate: 0.1, momentum: 0.9, weightDecay: 0, nesterov: false))
    for name in ["encoder.yaml", "encoder-tiny.yaml"] {
      let path = TestPaths.repository.appendingPathComponent("Experiments/\(name)").path
      let committed = try TrainingSpec.load(path: path)
      #expect(committed.epochs >= 1)
    }
    let tiny = try TrainingSpec.load(
      path: TestPaths.repository.appendingPathComponent("Experiments/encoder-tiny.yaml").path,
      overrides: ["epochs=1", "optimizer.learning_rate=0.5", "loss={kind: softmax}"])
    #expect(tiny.epochs == 1 && tiny.optimizer.learningRate == 0.5 && tiny.loss == .softmax)
  }

  @Test func unknownKeysAreNamedWithTheirLine() throws {
    let top = try #require(error(Self.base + "\nepoch: 4"))
    #expect(top.key == "epoch" && top.line == 7 && top.message.contains("unknown key"))
    let nested = try #require(error(Self.base + "\n  momentun: 0.9"))
    #expect(nested.key == "optimizer.momentun" && nested.line == 7)
    let override = try #require(error(Self.base, overrides: ["optimizer.beta3=1"]))
    #expect(override.file == ConfigNode.commandLine && override.key == "optimizer.beta3")
  }

  @Test func wrongTypesAreNamed() throws {
    let batch = try #require(error(Self.base + "\nbatch_size: big"))
    #expect(batch.key == "batch_size" && batch.message.contains("expected an integer") && batch.line == 7)
    let channels = try #require(error(Self.base + "\narchitecture: {kind: conv4, channels: [8, 8]}"))
    #expect(channels.key == "architecture.channels" && channels.message.contains("four"))
    let kind = try #require(error(Self.base + "\nloss: {kind: triplet}"))
    #expect(kind.key == "loss.kind" && kind.message.contains("cosine-softmax"))
  }

  @Test func learningRateMustBePositive() throws {
    for rate in ["0", "-0.1"] {
      let e = try #require(error(Self.base.replacingOccurrences(of: "0.1", with: rate)))
      #expect(e.key == "optimizer.learning_rate" && e.line == 6 && e.message.contains("must be positive"))
    }
    let override = try #require(error(Self.base, overrides: ["optimizer.learning_rate=0"]))
    #expect(override.key == "optimizer.learning_rate" && override.file == ConfigNode.commandLine)
    #expect(override.description.hasPrefix("<command line>: optimizer.learning_rate:"))
  }

  @Test func zeroEpochsIsRefused() throws {
    let e = try #require(error(Self.base.replacingOccurrences(of: "epochs: 3", with: "epochs: 0")))
    #expect(e.key == "epochs" && e.line == 3)
    #expect(e.description == "spec.yaml:3: epochs: 0 is outside 1...100000")
    let missing = try #require(error(Self.base.replacingOccurrences(of: "epochs: 3", with: "")))
    #expect(missing.key == "epochs" && missing.message.contains("missing"))
  }

  @Test func reservedFontsAreRefusedAnywhere() throws {
    let comment = try #require(error(Self.base + "\n# rendered with LXGW WenKai"))
    #expect(comment.line == 7 && comment.message.contains("held-out"))
    let override = try #require(error(Self.base, overrides: ["dataset=fonts-cns11643-kai.h5"]))
    #expect(override.file == ConfigNode.commandLine && override.key == "dataset")
  }

  @Test func lossAndScheduleKnobsAreChecked() throws {
    let scale = try #require(error(Self.base + "\nloss: {kind: softmax, scale: 3}"))
    #expect(scale.key == "loss.scale" && scale.message.contains("does not apply"))
    let episode = try TrainingSpec.parse(
      Self.base + "\nloss: {kind: prototypical, ways: 4, shots: 2, queries: 3}", file: "spec.yaml")
    #expect(episode.batchSize == 20)
    let step = try #require(error(Self.base + "\nschedule: {kind: step}"))
    #expect(step.key == "schedule" && step.message.contains("every_epochs"))
  }

  @Test func schedules() throws {
    // 10 steps per epoch, 30 steps: warm-up from 0 over 10 steps, then cosine from 1 to 0.
    let cosine = try ScheduleSettings(shape: .cosine(minimum: 0), warmupEpochs: 1)
      .schedule(baseRate: 1, totalSteps: 30, stepsPerEpoch: 10)
    #expect(cosine.learningRate(at: 0) == 0)
    #expect(cosine.learningRate(at: 5) == 0.5)
    #expect(cosine.learningRate(at: 10) == 1)
    #expect(cosine.learningRate(at: 29) == 0)
    let step = try ScheduleSettings(shape: .step(everyEpochs: 1, gamma: 0.5))
      .schedule(baseRate: 1, totalSteps: 30, stepsPerEpoch: 10)
    #expect(step.learningRate(at: 9) == 1)
    #expect(step.learningRate(at: 10) == 0.5)
    #expect(step.learningRate(at: 25) == 0.25)
  }
}
