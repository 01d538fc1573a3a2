import Foundation
import GlyphLabDatasets
import GlyphLabImaging
import GlyphLabTestSupport
import Testing

@Suite("Font design comparison", .enabled(if: pretrainingFontsInstalled && corpusMaterialInstalled))
struct FontDesignComparisonTests {
  /// 120 distinct characters of the corpus's text in traditional forms (as the corpus draws
  /// them), spread over its frequency range (every
  /// 12th of the first 1,440 in order of first use), so that not only the simplest
  /// characters, which many designs draw alike, are compared.
  static func characters() throws -> [Unicode.Scalar] {
    var seen = Set<Unicode.Scalar>()
    var distinct: [Unicode.Scalar] = []
    let unihan = try UnihanVariants(path: "/usr/share/unicode/Unihan_Variants.txt.bz2")
    let text = try CorpusText(files: CorpusText.defaultFiles).traditional(using: unihan)
    for c in text.characters where seen.insert(c).inserted {
      distinct.append(c)
      if distinct.count == 1440 { break }
    }
    return stride(from: 0, to: distinct.count, by: 12).map { distinct[$0] }
  }

  static func installed(_ name: String) -> Bool {
    (try? FontDesignComparison.faces([name])) != nil
  }

  @Test func aFontMatchesItselfAndNotAnotherDesign() throws {
    let chars = try Self.characters()
    let faces = try FontDesignComparison.faces(["WenQuanYi Micro Hei/Regular", "BIZ UDMincho/Regular"])
    let same = try FontDesignComparison.compare(faces[0], faces[0], characters: chars)
    #expect(same.compared == chars.count && same.nearIdenticalShare == 1 && abs(same.meanCosine - 1) < 1e-4)
    let other = try FontDesignComparison.compare(faces[0], faces[1], characters: chars)
    #expect(other.compared > 90 && other.nearIdentical <= 1 && other.meanCosine < 0.9, "\(other)")
  }

  @Test func defaultPretrainingFontsShareNoDesignWithTheCorpus() throws {
    let chars = try Self.characters()
    let corpus = try CorpusRecipe(
      path: TestPaths.repository.appendingPathComponent("Datasets/ancient-glyphs.yaml").path)
    // The held-out fonts are checked too where `make heldout` installed them.
    let heldout = try CorpusRecipe(
      path: TestPaths.repository.appendingPathComponent("Datasets/ancient-glyphs-heldout.yaml").path
    ).editions.filter(Self.installed)
    let references = try FontDesignComparison.faces(corpus.editions + heldout)
    for training in try FontDesignComparison.faces(RenderedGlyphRecipe.defaultFonts) {
      for reference in references {
        let c = try FontDesignComparison.compare(training, reference, characters: chars)
        #expect(
          c.nearIdenticalShare < 0.03, "\(training.family) vs \(reference.family): \(c.nearIdentical)/\(c.compared)")
      }
    }
  }

  @Test(.enabled(if: installed("IPAMincho/Regular") && installed("IPAmjMincho/Regular")))
  func aRenamedCopyOfACorpusDesignIsCaught() throws {
    let faces = try FontDesignComparison.faces(["IPAMincho/Regular", "IPAmjMincho/Regular"])
    let c = try FontDesignComparison.compare(faces[0], faces[1], characters: try Self.characters())
    #expect(c.nearIdenticalShare > 0.9, "IPAMincho draws as IPAmjMincho: \(c.nearIdentical)/\(c.compared)")
  }
}
