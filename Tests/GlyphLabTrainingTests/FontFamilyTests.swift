import Testing

@testable import GlyphLabTraining

@Suite struct FontFamilyTests {
  @Test func stylesAndRegionsAreDropped() {
    #expect(FontFamily(fontName: "Noto Serif CJK TC/Regular").name == "Noto Serif CJK TC")
    #expect(FontFamily(fontName: "Noto Serif CJK TC Regular").name == "Noto Serif CJK TC")
    #expect(FontFamily(fontName: "Noto Serif CJK TC Bold") == FontFamily(fontName: "Noto Serif CJK JP/Light"))
    #expect(FontFamily(fontName: "AR PL UKai CN/Book") == FontFamily(fontName: "AR PL UKai TW Book"))
    #expect(FontFamily(fontName: "AR PL KaitiM GB") != FontFamily(fontName: "AR PL KaitiM Big5"))
    #expect(FontFamily(fontName: "Noto Sans CJK TC") != FontFamily(fontName: "Noto Serif CJK TC"))
    #expect(FontFamily(fontName: "cwTeXKai Medium") != FontFamily(fontName: "cwTeXMing"))
  }

  @Test func reservedFontsAreRecognised() {
    #expect(ReservedFonts.reservedFamily(of: "TW-Kai/Regular")?.name == "TW-Kai")
    #expect(ReservedFonts.reservedFamily(of: "LXGW WenKai Regular") != nil)
    #expect(ReservedFonts.reservedFamily(of: "AR PL KaitiM GB") == nil)
    #expect(ReservedFonts.mention(in: "fonts: [fonts-cwtex-ming]") == "fonts-cwtex-ming")
    #expect(ReservedFonts.mention(in: "fonts: [cwTeXKai]") == nil)
  }
}
