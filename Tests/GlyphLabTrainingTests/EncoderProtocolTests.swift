import Foundation
import GlyphLabDatasets
import GlyphLabTestSupport
import Testing

@testable import GlyphLabTraining

@Suite struct EncoderProtocolTests {
  let corpus = TrainingContents(
    characters: ["郷", "書", "龍"], fonts: ["Noto Serif CJK TC Regular", "AR PL UKai TW Book", "cwTeXKai Medium"])

  func overlap(_ proto: EncoderProtocol, _ encoder: TrainingContents) -> String? {
    do {
      try proto.check(encoder: encoder, encoderPath: "enc.h5", dataset: corpus, datasetPath: "corpus.h5")
      return nil
    } catch let error as EncoderError {
      guard case .protocolOverlap(let e, let d, let p, _) = error, e == "enc.h5", d == "corpus.h5", p == proto else {
        Issue.record("unexpected \(error)")
        return nil
      }
      return error.description
    } catch {
      Issue.record("unexpected \(error)")
      return nil
    }
  }

  @Test func novelEditionsRefusesTheCorpusFontFamilies() throws {
    // Other styles and regional builds of a corpus family are the same design.
    let message = try #require(
      overlap(
        .novelEditions, TrainingContents(characters: ["郷"], fonts: ["Noto Serif CJK JP/Bold", "IPAGothic/Regular"])))
    #expect(
      message
        == "encoder enc.h5 was trained on font family 'Noto Serif CJK JP', which dataset corpus.h5 uses as an edition "
        + "('Noto Serif CJK TC Regular'); the novel-editions protocol forbids this")
    #expect(overlap(.novelEditions, TrainingContents(characters: ["郷"], fonts: ["AR PL UKai CN/Book"])) != nil)
    // The corpus's characters in other families are allowed.
    #expect(
      overlap(.novelEditions, TrainingContents(characters: ["郷", "書"], fonts: ["AR PL KaitiM GB", "IPAMincho"])) == nil)
  }

  @Test func novelEditionsNeedsTheDatasetsEditions() throws {
    let noEditions = TrainingContents(characters: ["郷"], fonts: [])
    #expect(throws: EncoderError.self) {
      try EncoderProtocol.novelEditions.check(
        encoder: TrainingContents(characters: [], fonts: ["IPAMincho"]), encoderPath: "enc.h5", dataset: noEditions,
        datasetPath: "plain.h5")
    }
  }

  @Test func novelCharactersRefusesTheCorpusClasses() throws {
    let message = try #require(
      overlap(.novelCharacters, TrainingContents(characters: ["一", "龍", "書"], fonts: ["IPAMincho"])))
    #expect(message.contains("2 character(s) that are classes of dataset corpus.h5: '龍', '書'"))
    #expect(message.hasSuffix("the novel-characters protocol forbids this"))
    // The corpus's fonts with other characters are allowed.
    #expect(
      overlap(.novelCharacters, TrainingContents(characters: ["一", "二"], fonts: ["Noto Serif CJK TC/Regular"])) == nil)
  }

  @Test func contentsAreReadFromDatasetFiles() throws {
    let directory = try TestPaths.temporaryDirectory("protocol")
    let path = directory.appendingPathComponent("d.h5").path
    try TinyGlyphs.write(to: path, characters: ["一", "山"], copies: 1, fontNames: ["Noto Serif CJK TC Regular", "X B"])
    let reader = try GlyphDatasetReader(path: path)
    let contents = try TrainingContents(dataset: reader)
    #expect(contents.characters == ["一", "山"])
    #expect(contents.fonts == ["Noto Serif CJK TC Regular", "X B"])
  }

  @Test func provenanceAttributesAddFonts() throws {
    let directory = try TestPaths.temporaryDirectory("protocol")
    let path = directory.appendingPathComponent("p.h5").path
    let writer = try GlyphDatasetWriter(
      path: path, metadata: DatasetMetadata(name: "p", source: "test", license: "test"), height: 2, width: 2)
    try writer.setClasses(["一"])
    try writer.setRootAttribute(DatasetProvenance.fontsAttribute, ["HanaMinA/Regular"])
    try writer.setRootAttribute(DatasetProvenance.fontFamiliesAttribute, ["HanaMinA"])
    try writer.append(images: [0, 0, 0, 0], labels: [0])
    try writer.finish()
    let contents = try TrainingContents(dataset: GlyphDatasetReader(path: path))
    #expect(contents.fonts == ["HanaMinA/Regular", "HanaMinA"])
  }
}
