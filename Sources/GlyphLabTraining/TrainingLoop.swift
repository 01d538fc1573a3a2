import Dispatch
import GlyphLabCore
import GlyphLabNetworks

/// The training loop as plain code, shared by ``EncoderTrainer/train(options:progress:)`` and
/// fine-tuning: for each step of each epoch's plan, read the batch (by chunks), preprocess it
/// (augment, resize), forward through encoder and head, check the loss is finite, backward,
/// and step the optimiser at the scheduled rate.
final class TrainingLoop {
  let encoder: Encoder
  let head: TrainingHead
  let optimizer: any Optimizer
  let schedule: any LearningRateSchedule
  let set: TrainingSet
  let preprocessor: BatchPreprocessor
  let planner: (Int) -> EpochPlan
  let epochs: Int
  /// The steps of each epoch.
  let stepsPerEpoch: [Int]
  /// Where the run is; a checkpoint saves it.
  var position: TrainingCheckpoint
  /// The last checkpoint file written (or found when resuming), for error messages.
  var lastCheckpoint: String?
  private let cache: ChunkCache
  /// The current epoch's plan, and its epoch.
  private var plan = EpochPlan(batches: [], chunkWindow: [])
  private var planEpoch = -1

  /// When a session stops early.
  struct Limits {
    /// Stop (with a checkpoint) once this many steps of the whole run are done.
    var stopAfterSteps: Int?
    /// Stop at the first step boundary after this many seconds.
    var seconds: Double?
  }

  init(
    encoder: Encoder, head: TrainingHead, optimizer: any Optimizer, schedule: any LearningRateSchedule,
    set: TrainingSet, preprocessor: BatchPreprocessor, planner: @escaping (Int) -> EpochPlan, epochs: Int,
    stepsPerEpoch: [Int], trainingKey: String
  ) {
    self.encoder = encoder
    self.head = head
    self.optimizer = optimizer
    self.schedule = schedule
    self.set = set
    self.preprocessor = preprocessor
    self.planner = planner
    self.epochs = epochs
    self.stepsPerEpoch = stepsPerEpoch
    position = TrainingCheckpoint(
      epoch: 0, step: 0, globalStep: 0, lossSum: 0, correct: 0, scored: 0, epochLosses: [], epochAccuracies: [],
      trainingKey: trainingKey)
    cache = ChunkCache(set: set)
  }

  var totalSteps: Int { stepsPerEpoch.reduce(0, +) }

  /// Runs from ``position`` to the end or a limit. `checkpointEvery` > 0 calls `save` every
  /// that many steps; `save` is also called at the end of every epoch but the last, and when
  /// a limit stops the run. Returns whether every epoch ran, the images trained on and the
  /// seconds taken.
  func run(
    limits: Limits = Limits(), checkpointEvery: Int, save: ((TrainingCheckpoint) throws -> String)?,
    progress: ((TrainingProgress) -> Void)?
  ) throws -> (finished: Bool, images: Int, seconds: Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    var images = 0
    var sessionSteps = 0
    var savedAtStep = -1
    func checkpoint() throws {
      guard let save, savedAtStep != position.globalStep else { return }
      lastCheckpoint = try save(position)
      savedAtStep = position.globalStep
    }
    setDropoutPasses(UInt64(position.globalStep))
    while position.epoch < epochs {
      preparePlan()
      while position.step < plan.batches.count {
        if let stop = limits.stopAfterSteps, position.globalStep >= stop {
          try checkpoint()
          return (false, images, elapsed())
        }
        if let seconds = limits.seconds, elapsed() >= seconds {
          try checkpoint()
          return (false, images, elapsed())
        }
        let rows = plan.batches[position.step]
        let result = try step(rows: rows)
        let scored = result.predictions.count
        position.lossSum += Double(result.loss) * Double(scored)
        position.scored += scored
        position.correct += result.correct
        position.step += 1
        position.globalStep += 1
        images += rows.count
        sessionSteps += 1
        var wrote = false
        if position.step == plan.batches.count {
          position.epochLosses.append(position.lossSum / Double(max(1, position.scored)))
          position.epochAccuracies.append(Double(position.correct) / Double(max(1, position.scored)))
          let done = (loss: position.epochLosses.last ?? 0, accuracy: position.epochAccuracies.last ?? 0)
          position.epoch += 1
          position.step = 0
          position.lossSum = 0
          position.correct = 0
          position.scored = 0
          if position.epoch < epochs {
            try checkpoint()
            wrote = save != nil
          }
          report(
            progress, epoch: position.epoch - 1, step: plan.batches.count, steps: plan.batches.count,
            loss: done.loss, accuracy: done.accuracy, images: images, sessionSteps: sessionSteps, elapsed: elapsed(),
            wrote: wrote)
          break
        }
        if checkpointEvery > 0, position.globalStep % checkpointEvery == 0 {
          try checkpoint()
          wrote = save != nil
        }
        report(
          progress, epoch: position.epoch, step: position.step, steps: plan.batches.count,
          loss: position.lossSum / Double(max(1, position.scored)),
          accuracy: Double(position.correct) / Double(max(1, position.scored)), images: images,
          sessionSteps: sessionSteps, elapsed: elapsed(), wrote: wrote)
      }
      if plan.batches.isEmpty {
        // An epoch without steps (too few images for an episode) ends at once.
        position.epoch += 1
      }
    }
    return (true, images, elapsed())
  }

  private func report(
    _ progress: ((TrainingProgress) -> Void)?, epoch: Int, step: Int, steps: Int, loss: Double, accuracy: Double,
    images: Int, sessionSteps: Int, elapsed: Double, wrote: Bool
  ) {
    guard let progress else { return }
    let left = totalSteps - position.globalStep
    progress(
      TrainingProgress(
        epoch: epoch, epochs: epochs, step: step, stepsInEpoch: steps, globalStep: position.globalStep,
        totalSteps: totalSteps, loss: loss, accuracy: accuracy,
        imagesPerSecond: elapsed > 0 ? Double(images) / elapsed : 0, elapsed: elapsed,
        remaining: sessionSteps > 0 ? elapsed / Double(sessionSteps) * Double(left) : 0, checkpointWritten: wrote))
  }

  /// One optimiser step on the images at `rows`; throws
  /// ``EncoderError/nonFiniteLoss(epoch:step:loss:checkpoint:)`` (1-based epoch and step)
  /// before touching the weights if the loss is NaN or infinite.
  func step(rows: [Int]) throws -> LossResult {
    preparePlan()
    let stored = try cache.images(rows, plan: plan)
    let input = try preprocessor.images(stored, rows: rows, epoch: position.epoch)
    let labels = rows.map { Int(set.labels[$0]) }
    optimizer.learningRate = schedule.learningRate(at: position.globalStep)
    encoder.zeroGradients()
    for p in head.parameters { p.zeroGradient() }
    let embedding = try encoder.forward(BatchPreprocessor.tensor(input), mode: .training)
    let result = try head.forward(embedding, labels: labels)
    guard result.loss.isFinite else {
      throw EncoderError.nonFiniteLoss(
        epoch: position.epoch + 1, step: position.step + 1, loss: result.loss, checkpoint: lastCheckpoint)
    }
    try encoder.backward(head.backward())
    try optimizer.step()
    return result
  }

  /// Makes ``plan`` the current epoch's.
  private func preparePlan() {
    guard planEpoch != position.epoch else { return }
    plan = planner(position.epoch)
    planEpoch = position.epoch
    cache.removeAll()
  }

  /// Sets every dropout layer's pass count, so a resumed run draws the masks an
  /// uninterrupted one would (one training pass per step).
  private func setDropoutPasses(_ passes: UInt64) {
    func visit(_ layer: any Layer) {
      if let dropout = layer as? Dropout { dropout.passCount = passes }
      if let sequential = layer as? Sequential { sequential.layers.forEach(visit) }
    }
    visit(encoder.network)
  }
}
