import Dispatch
import GlyphLabCore

extension RenderedGlyphSet {
  /// The group that marks clean reference renderings, and its values.
  public static let renderingGroup = "rendering"
  public static let renderingValues = ["clean reference", "augmented"]
  /// The group that marks variant forms (as the corpus's), and its values.
  public static let variantGroup = "variant"
  public static let variantValues = ["base form", "variant form"]
  /// The group telling apart the characters a class's images draw (0 its own character, k its
  /// k-th variant form), so references can keep one prototype per written form.
  public static let formGroup = "form"

  /// Renders the set and streams it to a dataset file at `path`, atomically (a temporary
  /// file renamed into place at the end). Memory stays at one batch of images plus 12 bytes
  /// per image for labels and groups.
  ///
  /// - Parameters:
  ///   - batch: images rendered per step (default 4,096).
  ///   - progress: called with the number of images written after each batch.
  /// - Complexity: O(images × imageSize² × augmentation cost).
  public func write(
    to path: String, batch: Int = 4096, progress: ((Int) -> Void)? = nil
  ) throws
    -> RenderedGlyphSummary
  {
    let start = DispatchTime.now().uptimeNanoseconds
    let metadata = DatasetMetadata(
      name: recipe.name,
      source:
        "synthetic: rendered by GlyphLab from \(recipe.characters.description) in \(fonts.count) fonts "
        + "(\(recipe.fonts.joined(separator: ", "))); \(recipe.renderings) renderings per character and font; "
        + "seed \(recipe.seed)",
      license:
        "synthetic images; fonts from Debian packages under their own licences "
        + "(see /usr/share/doc/<package>/copyright)",
      description:
        "Rendered (not scanned) training glyphs for pretraining an encoder. Groups: font; rendering "
        + "(0 = the clean reference rendering of its character and font: centred, not augmented, not "
        + "damaged; 1 = augmented and damaged); variant (1 = another written form of the class's character, "
        + "from Unihan, when the recipe renders variants); form (0 = the class's own character, k = its "
        + "k-th variant form, with variants). Root attributes fonts, font_families, font_files, "
        + "characters_source and recipe record what it was made from.")
    let writer = try GlyphDatasetWriter(
      path: path, metadata: metadata, height: recipe.imageSize, width: recipe.imageSize)
    try writer.declareGroup("font", values: fontNames)
    try writer.declareGroup(Self.renderingGroup, values: Self.renderingValues)
    let (formValues, formNames) = drawnForms
    if recipe.variants != nil {
      try writer.declareGroup(Self.variantGroup, values: Self.variantValues)
      try writer.declareGroup(Self.formGroup, values: formNames)
    }
    try writer.setClasses(classes)
    try provenance.write(to: writer)
    let labels = self.labels
    let fontGroups = self.fontGroups
    let renderingGroups = self.renderingGroups
    let variantGroups = recipe.variants != nil ? self.variantGroups : []
    var done = 0
    while done < count {
      let end = min(count, done + max(1, batch))
      let images = try renderGlyphs(done..<end)
      var groups = ["font": Array(fontGroups[done..<end]), Self.renderingGroup: Array(renderingGroups[done..<end])]
      if !variantGroups.isEmpty {
        groups[Self.variantGroup] = Array(variantGroups[done..<end])
        groups[Self.formGroup] = Array(formValues[done..<end])
      }
      try writer.append(images: images.pixels, labels: Array(labels[done..<end]), groups: groups)
      done = end
      progress?(done)
    }
    try writer.finish()
    var perFont = [Int](repeating: 0, count: fonts.count)
    for f in fontGroups { perFont[Int(f)] += 1 }
    return RenderedGlyphSummary(
      path: path, glyphs: count, classes: classes.count, fonts: provenance.fonts, glyphsPerFont: perFont,
      uncoveredCharacters: uncoveredCharacters.count, excludedCharacters: excludedCount,
      variantForms: variantFormCount,
      seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }
}
