import Foundation

/// A problem training, loading or applying an encoder. Every case names the file, key,
/// epoch or step at fault.
public enum EncoderError: Error, Equatable, Sendable {
  /// An encoder's training data overlaps the evaluated dataset in the way `protocol` forbids.
  case protocolOverlap(encoder: String, dataset: String, protocol: EncoderProtocol, overlap: String)
  /// The loss became NaN or infinite; training stopped, and `checkpoint` (if any) holds the
  /// last good state.
  case nonFiniteLoss(epoch: Int, step: Int, loss: Float, checkpoint: String?)
  /// The encoder takes images of another size than the dataset holds.
  case inputSize(encoder: String, encoderHeight: Int, encoderWidth: Int, dataset: String, height: Int, width: Int)
  /// A weights or checkpoint file that cannot be used.
  case weightsFile(path: String, reason: String)
  /// Training data that cannot be used.
  case trainingData(path: String, reason: String)
  /// A reserved held-out font (``ReservedFonts``) where training may not use one.
  case reservedFont(source: String, font: String)
  /// An argument of a training API outside its range.
  case invalidArgument(name: String, value: String, reason: String)
}

extension EncoderError: CustomStringConvertible {
  public var description: String {
    switch self {
    case .protocolOverlap(let encoder, _, let proto, let overlap):
      return "encoder \(encoder) was trained on \(overlap); the \(proto.rawValue) protocol forbids this"
    case .nonFiniteLoss(let epoch, let step, let loss, let checkpoint):
      let kept = checkpoint.map { "; the last good checkpoint is kept at \($0)" } ?? "; no checkpoint was written yet"
      return "training stopped: the loss is \(loss) at epoch \(epoch), step \(step)\(kept)"
    case .inputSize(let encoder, let eh, let ew, let dataset, let h, let w):
      return "encoder \(encoder) takes \(eh)×\(ew) images, but dataset \(dataset) holds \(h)×\(w) images"
    case .weightsFile(let path, let reason):
      return "\(path): \(reason)"
    case .trainingData(let path, let reason):
      return "\(path): \(reason)"
    case .reservedFont(let source, let font):
      return "\(source) uses '\(font)', a font reserved as a held-out test edition; "
        + "no training, tuning or default may use it (GUIDE.md)"
    case .invalidArgument(let name, let value, let reason):
      return "invalid \(name) = \(value): \(reason)"
    }
  }
}

extension EncoderError: LocalizedError {
  public var errorDescription: String? { description }
}
