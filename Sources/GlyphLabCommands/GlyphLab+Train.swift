import ArgumentParser
import Foundation
import GlyphLabRunLog
import GlyphLabRunner
import GlyphLabTraining

extension GlyphLab {
  /// `glyphlab train SPEC [key=value…]`: trains a glyph encoder from a training spec.
  struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Train a glyph encoder from a training spec (YAML) into an encoder weights file.",
      discussion: """
        Overrides change any key of the spec with a dotted path and a YAML value, e.g. epochs=1,
        optimizer.learning_rate=0.05. A checkpoint is written every `checkpoint_every` steps and
        at the end of each epoch; --resume continues from it to the weights an uninterrupted
        training gives. docs/training.md describes specs and the weights file.
        """)

    @Argument(help: "The training spec (YAML), e.g. Experiments/encoder.yaml.")
    var spec: String

    @Argument(help: "Overrides: dotted.key=value.")
    var overrides: [String] = []

    @Flag(help: "Continue from the last checkpoint.")
    var resume = false

    @Option(name: [.customShort("o"), .long], help: "The weights file (default: the spec's `out:`).")
    var out: String?

    /// `--overwrite` replaces an existing weights file (and starts again over an existing
    /// checkpoint); `--replace-other-kind` also a file of another kind.
    @OptionGroup var replacing: OverwriteOptions

    @OptionGroup var blas: BLASOptions

    @Option(help: "Stop with a checkpoint after this many steps in all (--resume continues).")
    var stopAfterSteps: Int?

    func validate() throws {
      if let stopAfterSteps, stopAfterSteps < 1 {
        throw ValidationError("--stop-after-steps must be at least 1, got \(stopAfterSteps)")
      }
      if resume && replacing.policy().overwrite {
        throw ValidationError("--resume and --overwrite exclude each other")
      }
    }

    func run() throws {
      blas.apply()
      let spec = try TrainingSpec.load(path: self.spec, overrides: overrides)
      let trainer = EncoderTrainer(spec: spec)
      let provenance = Provenance.collect(blasThreads: blas.threads ?? spec.threads ?? 0)
      let options = TrainerOptions(
        resume: resume, overwrite: replacing.policy().overwrite,
        replaceOtherKind: replacing.policy().replaceOtherKind, out: out, threads: blas.threads,
        stopAfterSteps: stopAfterSteps,
        gitCommit: provenance.gitCommit + (provenance.gitDirty == 1 ? " (dirty)" : ""))
      var line: ProgressLine?
      var lastEpoch = -1
      let summary = try trainer.train(options: options) { progress in
        if line == nil { line = ProgressLine(total: progress.totalSteps, label: spec.name, interval: 60) }
        let detail = String(
          format: "epoch %d/%d  loss %.4f  acc %.1f%%  %.0f img/s ", progress.epoch + 1, progress.epochs,
          progress.loss, progress.accuracy * 100, progress.imagesPerSecond)
        line?.update(progress.globalStep, detail: detail, eta: progress.remaining)
        if progress.step == progress.stepsInEpoch, progress.epoch != lastEpoch {
          lastEpoch = progress.epoch
          line?.finish()
          FileHandle.standardError.write(
            Data(
              String(
                format: "%@: epoch %d/%d done: loss %.4f, accuracy %.2f%%, %.0f images/s\n", spec.name,
                progress.epoch + 1, progress.epochs, progress.loss, progress.accuracy * 100, progress.imagesPerSecond
              ).utf8))
        }
      }
      line?.finish()
      if summary.finished {
        print(
          String(
            format: "%@: trained %d steps; final epoch loss %.4f, accuracy %.2f%%; %.1f s, %.0f images/s → %@",
            spec.name, summary.globalStep, summary.loss, summary.accuracy * 100, summary.seconds,
            summary.imagesPerSecond, summary.out))
      } else {
        print(
          String(
            format: "%@: stopped after %d of %d steps (%.1f s, %.0f images/s); checkpoint %@ (--resume continues)",
            spec.name, summary.globalStep, summary.totalSteps, summary.seconds, summary.imagesPerSecond,
            summary.checkpoint))
      }
    }
  }
}
