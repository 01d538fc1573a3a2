/// A run's per-glyph predictions (`/runs/<id>/predictions/` in the log): what the writer
/// stores and the reader gives back.
public struct LoggedPredictions: Sendable, Equatable {
  /// The final label of each glyph (−1 none).
  public var labels: [Int32]
  /// Whether a person settled each glyph (nil if not recorded).
  public var touched: [Bool]?
  /// The round each glyph was settled in (−1 never; nil if not recorded).
  public var settledRound: [Int32]?
  /// The path of the `/datasets/<key>` group describing these glyphs (nil if none).
  public var dataset: String?
  /// Images of a few misrecognised glyphs (`predictions/errors/`; nil if not recorded).
  public var errors: ErrorSample?

  /// Predictions.
  public init(
    labels: [Int32], touched: [Bool]? = nil, settledRound: [Int32]? = nil, dataset: String? = nil,
    errors: ErrorSample? = nil
  ) {
    self.labels = labels
    self.touched = touched
    self.settledRound = settledRound
    self.dataset = dataset
    self.errors = errors
  }
}
