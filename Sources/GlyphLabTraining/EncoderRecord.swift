/// The names under which a weights file written by ``EncoderTrainer`` records how the encoder
/// was trained (strings and string arrays of its `/metadata` group; docs/training.md).
public enum EncoderRecord {
  /// The training spec's YAML text, as written.
  public static let spec = "training_spec"
  /// The command-line overrides applied to it, one per line.
  public static let overrides = "training_overrides"
  /// The spec's path.
  public static let specPath = "training_spec_path"
  /// The encoder's name (the spec's `name:`).
  public static let name = "name"
  /// The training dataset's path, as given.
  public static let dataset = "dataset"
  /// The training dataset's fingerprint (``DatasetFingerprint``).
  public static let datasetFingerprint = "dataset_fingerprint"
  /// The seed of every random draw.
  public static let seed = "seed"
  /// `git rev-parse HEAD` of the code that trained it, or "unknown".
  public static let gitCommit = "git_commit"
  /// The OpenBLAS kernel set ("core") that trained it, e.g. "Haswell" or "SkylakeX". The same
  /// spec and seed give bit-identical weights on any thread count and with any core that
  /// shares the SGEMM kernels (Zen and Haswell do); another core's SGEMM rounds differently,
  /// so its weights differ in their last bits, and so do the results of runs that use them.
  public static let blasCore = "blas_core"
  /// The loss, e.g. "cosine-softmax".
  public static let loss = "loss"
  /// The side of the square input the stored glyphs were resized to.
  public static let inputSize = "input_size"
  /// The stored size of the training glyphs, "WIDTHxHEIGHT" (e.g. "48x48"): the size the
  /// encoder's inputs are resized from, and so the image size it accepts.
  public static let imageSize = "image_size"
  /// Epochs and steps trained.
  public static let epochs = "epochs"
  public static let steps = "steps"
  /// The last epoch's mean training loss and accuracy.
  public static let finalLoss = "final_loss"
  public static let finalAccuracy = "final_accuracy"
  /// Training wall time in seconds, and training images per second.
  public static let seconds = "train_seconds"
  public static let imagesPerSecond = "train_images_per_second"
  /// When training finished (ISO 8601, UTC).
  public static let createdAt = "created_at"
  /// The training characters: the training dataset's `/classes` (string array).
  public static let characters = "training_characters"
  /// The training fonts: the training dataset's `/groups/font` values and its `fonts`
  /// root attribute (string array).
  public static let fonts = "training_fonts"
}
