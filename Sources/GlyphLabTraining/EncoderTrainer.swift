import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabFiles
import GlyphLabNetworks

/// Trains a glyph encoder from a ``TrainingSpec`` (`glyphlab train`): batches streamed from
/// the dataset by chunks with seeded shuffling, seeded per-sample augmentation, forward, loss,
/// backward, optimiser step and schedule — plain code (``TrainingLoop``) over
/// GlyphLabNetworks.
///
/// - Deterministic: the same spec gives bit-identical weights whatever the thread count,
///   and a run resumed from a checkpoint ends with the weights of an uninterrupted one.
/// - Checkpoints (weights, head, optimiser state, epoch and step) are written atomically
///   every `checkpoint_every` steps and at the end of each epoch; a finished run removes its
///   checkpoint.
/// - A NaN or infinite loss stops training with
///   ``EncoderError/nonFiniteLoss(epoch:step:loss:checkpoint:)`` naming the epoch and step;
///   the last good checkpoint is kept and no weights file is written.
/// - The weights file records the spec, provenance (dataset path and fingerprint, seed, git
///   commit) and the training characters and fonts (``EncoderRecord``), so protocol checks
///   (``EncoderProtocol``) can be made.
public struct EncoderTrainer {
  /// The spec.
  public let spec: TrainingSpec

  /// A trainer for `spec`.
  public init(spec: TrainingSpec) { self.spec = spec }

  /// Trains (or resumes) and writes the weights file; `progress` is called after every step.
  public func train(
    options: TrainerOptions = TrainerOptions(), progress: ((TrainingProgress) -> Void)? = nil
  ) throws -> TrainingSummary {
    if let threads = options.threads ?? spec.threads { BLAS.threadCount = threads }
    let out = options.out ?? spec.out
    let checkpointPath = spec.checkpointPath(out: out)
    let files = FileManager.default
    if options.resume {
      guard files.fileExists(atPath: checkpointPath) else {
        throw EncoderError.weightsFile(
          path: checkpointPath, reason: "no checkpoint to resume from (train without --resume to start)")
      }
    }
    // The one output rule (OutputPlan): never the dataset, an existing file only with
    // --overwrite (a resume continues the checkpoint), never a file of another kind.
    let kind = OutputKind.hdf5(format: EncoderWeightsFile.format)
    try OutputPlan(
      inputs: [spec.dataset],
      outputs: [
        OutputTarget(out, kind: kind, role: "weights file", existing: options.resume ? .update : .replace),
        OutputTarget(
          checkpointPath, kind: kind, role: "checkpoint of an unfinished training",
          existing: options.resume ? .update : .replace, alternative: "--resume to continue it"),
      ]
    ).check(OutputPolicy(overwrite: options.overwrite, replaceOtherKind: options.replaceOtherKind))

    let dataset = try GlyphDatasetReader(path: spec.dataset)
    let contents = try TrainingContents(dataset: dataset)
    for font in contents.fonts {
      if ReservedFonts.reservedFamily(of: font) != nil {
        throw EncoderError.reservedFont(source: "training dataset \(spec.dataset)", font: font)
      }
    }
    let set = try TrainingSet(dataset: dataset)
    let fingerprint = try DatasetFingerprint.of(path: spec.dataset)
    let key = spec.trainingKey + "\ndataset_fingerprint=\(fingerprint)"
    let loop = try Self.makeLoop(
      spec: spec, set: set, architecture: spec.architecture.architecture(inputSize: spec.inputSize), key: key)
    if options.resume { try Self.restore(loop, from: checkpointPath) }
    if !options.resume, files.fileExists(atPath: checkpointPath) { try files.removeItem(atPath: checkpointPath) }

    var metadata = EncoderMetadata(
      strings: [
        EncoderRecord.spec: spec.text, EncoderRecord.overrides: spec.overrides.joined(separator: "\n"),
        EncoderRecord.specPath: spec.path, EncoderRecord.name: spec.name, EncoderRecord.dataset: spec.dataset,
        EncoderRecord.datasetFingerprint: fingerprint, EncoderRecord.seed: "\(spec.seed)",
        EncoderRecord.gitCommit: options.gitCommit, EncoderRecord.blasCore: BLAS.activeCoreName,
        EncoderRecord.loss: spec.loss.kind.rawValue,
        EncoderRecord.inputSize: "\(spec.inputSize)", EncoderRecord.epochs: "\(spec.epochs)",
        EncoderRecord.imageSize: "\(set.width)x\(set.height)",
      ],
      stringArrays: [EncoderRecord.characters: contents.characters, EncoderRecord.fonts: contents.fonts])
    let checkpointMetadata = metadata
    let save: (TrainingCheckpoint) throws -> String = { position in
      var meta = checkpointMetadata
      for (k, v) in position.strings { meta.strings[k] = v }
      var tensors = loop.head.state
      for (k, v) in loop.optimizer.state { tensors["optimizer.\(k)"] = v }
      try EncoderWeightsFile.write(loop.encoder, metadata: meta, checkpoint: tensors, to: checkpointPath)
      return checkpointPath
    }
    let result = try loop.run(
      limits: TrainingLoop.Limits(stopAfterSteps: options.stopAfterSteps), checkpointEvery: spec.checkpointEvery,
      save: save, progress: progress)
    let position = loop.position
    var summary = TrainingSummary(
      out: "", checkpoint: checkpointPath, finished: result.finished, globalStep: position.globalStep,
      totalSteps: loop.totalSteps,
      loss: position.epochLosses.last ?? position.lossSum / Double(max(1, position.scored)),
      accuracy: position.epochAccuracies.last ?? Double(position.correct) / Double(max(1, position.scored)),
      epochLosses: position.epochLosses, epochAccuracies: position.epochAccuracies, images: result.images,
      seconds: result.seconds, imagesPerSecond: result.seconds > 0 ? Double(result.images) / result.seconds : 0)
    guard result.finished else { return summary }

    metadata.strings[EncoderRecord.steps] = "\(position.globalStep)"
    metadata.strings[EncoderRecord.finalLoss] = "\(summary.loss)"
    metadata.strings[EncoderRecord.finalAccuracy] = "\(summary.accuracy)"
    metadata.strings[EncoderRecord.seconds] = String(format: "%.1f", summary.seconds)
    metadata.strings[EncoderRecord.imagesPerSecond] = String(format: "%.1f", summary.imagesPerSecond)
    metadata.strings[EncoderRecord.createdAt] = ISO8601DateFormatter().string(from: Date())
    let directory = URL(fileURLWithPath: out).deletingLastPathComponent().path
    if !directory.isEmpty { try? files.createDirectory(atPath: directory, withIntermediateDirectories: true) }
    try EncoderWeightsFile.write(loop.encoder, metadata: metadata, checkpoint: loop.head.state, to: out)
    if files.fileExists(atPath: checkpointPath) { try files.removeItem(atPath: checkpointPath) }
    summary.out = out
    summary.checkpoint = ""
    return summary
  }

  /// The loop for `spec` over `set`: encoder and head from the seed, optimiser, schedule and
  /// epoch plans.
  static func makeLoop(
    spec: TrainingSpec, set: TrainingSet, architecture: EncoderArchitecture, key: String
  ) throws -> TrainingLoop {
    let labelled = set.labels.count { $0 >= 0 }
    guard labelled > 0, set.classCount >= 2 else {
      throw EncoderError.trainingData(
        path: set.source,
        reason: "needs labelled images of at least 2 classes (has \(labelled) labelled, "
          + "\(set.classCount) classes)")
    }
    let encoder = try architecture.build(seed: spec.seed)
    let head = try TrainingHead(
      objective: spec.loss, features: encoder.embeddingDimension, classes: set.classCount,
      generator: SeededGenerator(seed: spec.seed).derived("head"))
    let optimizer = try spec.optimizer.optimizer(over: encoder.parameters + head.parameters)
    let windowChunks = max(1, (spec.shuffleWindow + set.chunkSize - 1) / set.chunkSize)
    let generator = SeededGenerator(seed: spec.seed).derived("shuffle")
    let batchSize = spec.batchSize
    let planner: (Int) -> EpochPlan
    switch spec.loss {
    case .prototypical(let ways, let shots, let queries):
      planner = { epoch in
        EpochPlan.episodes(
          of: set, epoch: epoch, ways: ways, perClass: shots + queries, windowChunks: windowChunks,
          generator: generator)
      }
    default:
      planner = { epoch in
        EpochPlan.batches(
          of: set, epoch: epoch, batchSize: batchSize, windowChunks: windowChunks, generator: generator)
      }
    }
    let stepsPerEpoch: [Int]
    if case .prototypical = spec.loss {
      stepsPerEpoch = (0..<spec.epochs).map { planner($0).batches.count }
      guard stepsPerEpoch.allSatisfy({ $0 > 0 }) else {
        throw EncoderError.trainingData(
          path: set.source, reason: "has too few classes with enough images for one episode of the prototypical loss")
      }
    } else {
      stepsPerEpoch = Array(repeating: (labelled + batchSize - 1) / batchSize, count: spec.epochs)
    }
    let total = stepsPerEpoch.reduce(0, +)
    let schedule = try spec.schedule.schedule(
      baseRate: spec.optimizer.learningRate, totalSteps: total, stepsPerEpoch: stepsPerEpoch.first ?? 1)
    let preprocessor = try BatchPreprocessor(
      augmentation: GlyphAugmentation(spec.augmentation), height: set.height, width: set.width,
      inputSize: spec.inputSize, seed: spec.seed)
    return TrainingLoop(
      encoder: encoder, head: head, optimizer: optimizer, schedule: schedule, set: set, preprocessor: preprocessor,
      planner: planner, epochs: spec.epochs, stepsPerEpoch: stepsPerEpoch, trainingKey: key)
  }

  /// Loads the checkpoint at `path` into `loop`; throws naming the file if it is not a
  /// checkpoint of this training.
  static func restore(_ loop: TrainingLoop, from path: String) throws {
    let weights = try EncoderWeightsFile.read(path, expecting: loop.encoder.architecture)
    let position = try TrainingCheckpoint(metadata: weights.metadata, path: path)
    guard position.trainingKey == loop.position.trainingKey else {
      let mine = loop.position.trainingKey.split(separator: "\n")
      let theirs = Set(position.trainingKey.split(separator: "\n"))
      let differing = mine.filter { !theirs.contains($0) }.map { String($0.prefix { $0 != "=" }) }
      throw EncoderError.weightsFile(
        path: path,
        reason: "is the checkpoint of a training with other settings (\(differing.joined(separator: ", "))); "
          + "resume with the spec it was written with, or pass --overwrite to start again")
    }
    guard position.epoch <= loop.epochs, position.globalStep <= loop.totalSteps else {
      throw EncoderError.weightsFile(path: path, reason: "records a position past the end of the training")
    }
    try loop.encoder.loadState(weights.encoder.state)
    try loop.head.loadState(weights.checkpoint, path: path)
    var optimizerState: [String: Tensor] = [:]
    for (k, v) in weights.checkpoint where k.hasPrefix("optimizer.") { optimizerState[String(k.dropFirst(10))] = v }
    do {
      try loop.optimizer.loadState(optimizerState)
    } catch {
      throw EncoderError.weightsFile(path: path, reason: "has an unusable optimiser state: \(error)")
    }
    loop.position = position
    loop.lastCheckpoint = path
  }
}
