import GlyphLabCore

/// Features that learn while people label ("recognising while training"): every
/// ``PipelineConfiguration/adaptEvery`` rounds the loop hands the adapter what people have
/// settled so far, and the adapter may return new features for every glyph (and for the
/// references), e.g. after fine-tuning an encoder on the settled glyphs and embedding again.
///
/// An adapter belongs to one run: it may keep state (the model being fine-tuned) between
/// calls. It must be deterministic for the seed it is given.
public protocol FeatureAdapter: AnyObject {
  /// A short stable name for logs, e.g. "fine-tune-last-2".
  var name: String { get }

  /// Adapts to the settled glyphs (`glyphs`, with the labels people gave, `labels`) after
  /// `round`. Returns the new features of every glyph, in corpus order, and of the
  /// references if there are any, or nil to keep the current ones.
  func adapt(glyphs: [Int], labels: [Int32], round: Int, seed: UInt64) throws -> AdaptedFeatures?
}

/// What a ``FeatureAdapter`` returns: new features for the corpus and its references.
public struct AdaptedFeatures: Sendable {
  /// One row per glyph, in corpus order.
  public var features: Matrix
  /// The references in the new feature space (same rows and labels as before), if any.
  public var references: Matrix?
  /// Seconds spent adapting (training and embedding), for the throughput record.
  public var seconds: Double

  public init(features: Matrix, references: Matrix? = nil, seconds: Double) {
    self.features = features
    self.references = references
    self.seconds = seconds
  }
}
