/// Where an encoder's weights come from when a run uses it (`features.initialization`).
public enum EncoderInitialization: String, Sendable, CaseIterable {
  /// The trained weights in the file (the default).
  case pretrained
  /// The file's architecture with fresh weights drawn from a seed: the "no pretraining"
  /// ablation, where the network learns only from what people settle in the loop.
  case random
}
