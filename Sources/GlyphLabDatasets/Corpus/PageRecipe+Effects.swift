extension PageRecipe {
  /// The recipe with `effect` switched off (its knob at 0), every other knob unchanged.
  public func without(_ effect: PageEffect) -> PageRecipe {
    var r = self
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
