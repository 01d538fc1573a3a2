/// The font families reserved as held-out test editions (GUIDE.md, issue 11): no training
/// set, training spec, tuning run or default may use them.
public enum ReservedFonts {
  /// The Debian packages that install them.
  public static let packages = [
    "fonts-cns11643-kai", "fonts-cns11643-sung", "fonts-lxgw-wenkai", "fonts-arphic-bkai00mp",
    "fonts-arphic-bsmi00lp", "fonts-cwtex-ming",
  ]

  /// Their family names.
  public static let familyNames = [
    "TW-Kai", "TW-Sung", "LXGW WenKai", "AR PL KaitiM Big5", "AR PL Mingti2L Big5", "cwTeXMing",
  ]

  /// Their design families.
  public static let families: [FontFamily] = familyNames.map { FontFamily(fontName: $0) }

  /// The reserved family `fontName` belongs to, or `nil`.
  public static func reservedFamily(of fontName: String) -> FontFamily? {
    let family = FontFamily(fontName: fontName)
    return families.first { $0.isSameDesign(as: family) }
  }

  /// The first reserved package or family name that `text` mentions (case-insensitively),
  /// or `nil`. Used to refuse a training spec that names one anywhere, even in a comment.
  public static func mention(in text: String) -> String? {
    let lowered = text.lowercased()
    return (packages + familyNames).first { lowered.contains($0.lowercased()) }
  }
}
