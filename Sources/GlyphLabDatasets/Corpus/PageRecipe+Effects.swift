extension PageRecipe {
  /// The recipe with `effect` switched off (its knob at 0), every other knob unchanged, and
  /// the characters' size pinned to what it is with the effect on (glosses and column jitter
  /// shrink them), so the pages keep their scale and rows: an ablation changes only what the
  /// effect draws.
  public func without(_ effect: PageEffect) -> PageRecipe {
    var r = self
    r.characterSize = PageGeometry(recipe: self).size
    switch effect {
    case .border: r.scan.border = 0
    case .bindingShadow: r.scan.bindingShadow = 0
    case .paperTone: r.scan.paperTone = 0
    case .illustrations: r.layout.illustrations = 0
    case .seals: r.layout.seals = 0
    case .glosses: r.layout.glosses = 0
    case .columnPitch: r.layout.columnJitter = 0
    case .touching: r.layout.touching = 0
    }
    return r
  }
}
