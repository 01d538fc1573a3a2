/// A run's `predictions/` group as plain values.
public struct PredictionRecord: Sendable, Equatable {
  /// A few misrecognised glyphs with their images (`predictions/errors/`).
  public struct ErrorImages: Sendable, Equatable {
    /// The glyphs (indices into the run's glyphs).
    public var indices: [Int]
    /// For each, a glyph of the class it was taken for (−1 none).
    public var exemplars: [Int]
    /// Image height and width.
    public var height: Int
    public var width: Int
    /// The glyphs' images, `indices.count × height × width` bytes (255 ink).
    public var images: [UInt8]
    /// The exemplars' images, same shape.
    public var exemplarImages: [UInt8]

    /// A sample.
    public init(indices: [Int], exemplars: [Int], height: Int, width: Int, images: [UInt8], exemplarImages: [UInt8]) {
      self.indices = indices
      self.exemplars = exemplars
      self.height = height
      self.width = width
      self.images = images
      self.exemplarImages = exemplarImages
    }
  }

  /// The final label of each glyph (−1 none).
  public var labels: [Int32]
  /// Whether a person settled each glyph (nil if not recorded).
  public var touched: [Bool]?
  /// The round each glyph was settled in (−1 never; nil if not recorded).
  public var settledRound: [Int32]?
  /// The path of the `/datasets/<key>` group these glyphs are described by (nil if none).
  public var dataset: String?
  /// Images of the commonest errors (nil if not recorded).
  public var errors: ErrorImages?

  /// A record.
  public init(
    labels: [Int32], touched: [Bool]? = nil, settledRound: [Int32]? = nil, dataset: String? = nil,
    errors: ErrorImages? = nil
  ) {
    self.labels = labels
    self.touched = touched
    self.settledRound = settledRound
    self.dataset = dataset
    self.errors = errors
  }
}
