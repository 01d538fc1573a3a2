import GlyphLabConfig

extension GlyphAugmentation {
  /// The knobs of a ``GlyphAugmentation``. Each is one effect's strength; 0 turns it off.
  /// Distances are pixels at a 48-pixel glyph.
  ///
  /// In YAML (a recipe's or a training spec's `augmentation:` mapping) the keys are
  /// `rotation`, `scale`, `shear`, `offset`, `elastic`, `elastic_cells`, `thickening`,
  /// `thinning`, `age_paper` and, optionally, `damage` (the corpus recipe's `degradation:`
  /// keys). Unknown keys and values out of range are errors naming file, line and key.
  public struct Configuration: Sendable, Equatable, Codable {
    /// Rotation jitter, standard deviation in degrees (clipped at 3 σ).
    public var rotation: Double
    /// Scale jitter, standard deviation of the relative size (clipped at 3 σ).
    public var scale: Double
    /// Horizontal shear jitter, standard deviation (clipped at 3 σ).
    public var shear: Double
    /// Offset jitter: the largest shift, as a fraction of the image size, uniform.
    public var offset: Double
    /// Elastic distortion: the largest displacement in pixels of a smooth random field.
    public var elastic: Double
    /// The elastic field's smoothness: random displacements on an `elasticCells ×
    /// elasticCells` grid, interpolated bilinearly (fewer cells, smoother warps). Default 4.
    public var elasticCells: Int
    /// Stroke thickening: the largest growth in pixels on each side; a glyph that is
    /// thickened grows by a uniform amount in [½, 1] × this.
    public var thickening: Double
    /// Stroke thinning, likewise. With both knobs set, a glyph is thickened or thinned with
    /// equal probability.
    public var thinning: Double
    /// The corpus's damage model (``Degradation``), applied after the stroke-width change;
    /// its rotation, shear, scale and offset join the affine jitter.
    public var damage: Degradation
    /// Whether the damage model also ages paper and scan (texture, stains, holes, blur,
    /// noise), as for single-glyph corpus images. Default true.
    public var agePaper: Bool

    public init(
      rotation: Double = 0, scale: Double = 0, shear: Double = 0, offset: Double = 0, elastic: Double = 0,
      elasticCells: Int = 4, thickening: Double = 0, thinning: Double = 0, damage: Degradation = .none,
      agePaper: Bool = true
    ) {
      self.rotation = rotation
      self.scale = scale
      self.shear = shear
      self.offset = offset
      self.elastic = elastic
      self.elasticCells = elasticCells
      self.thickening = thickening
      self.thinning = thinning
      self.damage = damage
      self.agePaper = agePaper
    }

    /// Every knob 0: the identity.
    public static let none = Configuration()

    /// Whether every knob (and every damage knob) is 0.
    public var isIdentity: Bool {
      !hasGeometry && thickening == 0 && thinning == 0 && damage == .none
    }

    /// Whether any effect moves pixels (affine, the damage model's jitter, elastic).
    var hasGeometry: Bool {
      rotation > 0 || scale > 0 || shear > 0 || offset > 0 || elastic > 0 || damage.rotation > 0
        || damage.scale > 0 || damage.shear > 0 || damage.offset > 0
    }

    /// The YAML keys.
    public static let keys = [
      "rotation", "scale", "shear", "offset", "elastic", "elastic_cells", "thickening", "thinning", "age_paper",
      "damage",
    ]

    /// Reads the knobs from a YAML mapping; absent knobs are 0 (`elastic_cells` 4,
    /// `age_paper` true).
    public init(node: ConfigNode) throws {
      let k = try node.mapping(allowed: Self.keys)
      func value(_ key: String, _ range: ClosedRange<Double>) throws -> Double {
        try k[key]?.double(in: range) ?? 0
      }
      self.init(
        rotation: try value("rotation", 0...45), scale: try value("scale", 0...0.5),
        shear: try value("shear", 0...1), offset: try value("offset", 0...0.5),
        elastic: try value("elastic", 0...10), elasticCells: try k["elastic_cells"]?.int(in: 2...64) ?? 4,
        thickening: try value("thickening", 0...5), thinning: try value("thinning", 0...5),
        damage: try k["damage"].map { try CorpusRecipe.degradation($0) } ?? .none,
        agePaper: try k["age_paper"]?.bool() ?? true)
    }
  }
}
