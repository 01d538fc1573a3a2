import GlyphLabNetworks

/// Where a training run stopped, saved with everything a resume needs to continue
/// bit-identically: the encoder's tensors (with batch-norm running statistics), the head's
/// tensors, the optimiser's state, the epoch and step, and the epoch's running sums. No
/// generator state is needed beyond the seed: every random draw of a step is derived from
/// the seed, the epoch and the step or image row (``EpochPlan``, ``BatchPreprocessor``), and
/// dropout masks from the step count.
///
/// The file is an encoder weights file (`EncoderWeightsFile`, written atomically) whose
/// `/checkpoint` group holds `head.*` and `optimizer.*` tensors and whose metadata holds the
/// `checkpoint.*` strings below.
struct TrainingCheckpoint: Equatable {
  /// The epoch in progress (0-based), and the steps of it done.
  var epoch: Int
  var step: Int
  /// Steps done in the whole run.
  var globalStep: Int
  /// The epoch's running loss sum (over images), correct predictions and scored images.
  var lossSum: Double
  var correct: Int
  var scored: Int
  /// Mean loss and accuracy of the finished epochs.
  var epochLosses: [Double]
  var epochAccuracies: [Double]
  /// What decides the training (``TrainingSpec/trainingKey``): a checkpoint resumes only a
  /// run with the same key.
  var trainingKey: String

  static let prefix = "checkpoint."

  /// The metadata strings.
  var strings: [String: String] {
    [
      "checkpoint.epoch": "\(epoch)", "checkpoint.step": "\(step)", "checkpoint.global_step": "\(globalStep)",
      "checkpoint.loss_sum": "\(lossSum)", "checkpoint.correct": "\(correct)", "checkpoint.scored": "\(scored)",
      "checkpoint.epoch_losses": epochLosses.map { "\($0)" }.joined(separator: ","),
      "checkpoint.epoch_accuracies": epochAccuracies.map { "\($0)" }.joined(separator: ","),
      "checkpoint.training_key": trainingKey,
    ]
  }

  /// Reads the strings back; throws naming `path` and the first missing or bad one.
  init(metadata: EncoderMetadata, path: String) throws {
    func value(_ key: String) throws -> String {
      guard let text = metadata["checkpoint.\(key)"] else {
        throw EncoderError.weightsFile(path: path, reason: "is not a training checkpoint (no checkpoint.\(key))")
      }
      return text
    }
    func int(_ key: String) throws -> Int {
      guard let v = Int(try value(key)), v >= 0 else {
        throw EncoderError.weightsFile(path: path, reason: "checkpoint.\(key) is not a count")
      }
      return v
    }
    func doubles(_ key: String) throws -> [Double] {
      let text = try value(key)
      if text.isEmpty { return [] }
      return try text.split(separator: ",").map {
        guard let v = Double($0) else {
          throw EncoderError.weightsFile(path: path, reason: "checkpoint.\(key) is not a list of numbers")
        }
        return v
      }
    }
    epoch = try int("epoch")
    step = try int("step")
    globalStep = try int("global_step")
    guard let sum = Double(try value("loss_sum")) else {
      throw EncoderError.weightsFile(path: path, reason: "checkpoint.loss_sum is not a number")
    }
    lossSum = sum
    correct = try int("correct")
    scored = try int("scored")
    epochLosses = try doubles("epoch_losses")
    epochAccuracies = try doubles("epoch_accuracies")
    trainingKey = try value("training_key")
  }

  init(
    epoch: Int, step: Int, globalStep: Int, lossSum: Double, correct: Int, scored: Int, epochLosses: [Double],
    epochAccuracies: [Double], trainingKey: String
  ) {
    self.epoch = epoch
    self.step = step
    self.globalStep = globalStep
    self.lossSum = lossSum
    self.correct = correct
    self.scored = scored
    self.epochLosses = epochLosses
    self.epochAccuracies = epochAccuracies
    self.trainingKey = trainingKey
  }
}
