/// The `variants:` key of a rendered-glyph recipe: besides each character, render its other
/// written forms from Unihan (e.g. 郷 → 鄉 嚮), labelled with the character's class and marked
/// in `/groups/variant`, so an encoder learns that the forms are one character and clean
/// references exist for each form.
///
/// A form is rendered only if it is not itself one of the set's characters (then it is a
/// class of its own) and a font draws it. The variant table is public (Unicode's Unihan
/// database, as a digitisation project's variant dictionary would be); the built-in corpus
/// draws its variant forms from the same fields, so a corpus with variants that Unihan does
/// not list would be harder than this one.
///
/// ```yaml
/// variants:
///   unihan: /usr/share/unicode/Unihan_Variants.txt.bz2
///   fields: [kZVariant, kSemanticVariant, kSpecializedSemanticVariant]
/// ```
public struct VariantForms: Sendable, Equatable {
  /// The Unihan variants file (.txt or .txt.bz2).
  public var unihanPath = "/usr/share/unicode/Unihan_Variants.txt.bz2"
  /// The Unihan fields that list other forms (default: UnihanVariants.defaultVariantFields).
  public var fields = UnihanVariants.defaultVariantFields

  public init() {}
}
