import ArgumentParser
import Foundation
import GlyphLabDatasets
import GlyphLabTraining

extension GlyphLab {
  /// `glyphlab evaluate-encoder ENCODER --references R --corpus C`: zero-label accuracy.
  struct EvaluateEncoder: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "evaluate-encoder",
      abstract: "Zero-label accuracy of an encoder: corpus glyphs labelled by the nearest class mean of references.",
      discussion: """
        Each corpus glyph gets the class whose mean embedding of clean reference renderings (the
        references dataset's `rendering` = 0 images; every rendering with --all-renderings) is
        nearest (cosine); no corpus label is used.
        The encoder is first checked against the corpus under --protocol (docs/training.md).
        """)

    @Argument(help: "The encoder weights file.")
    var encoder: String

    @Option(help: "The dataset holding reference renderings, e.g. Datasets/rendered-glyphs.h5.")
    var references: String

    @Option(help: "The evaluated corpus, e.g. Datasets/ancient-glyphs.h5.")
    var corpus: String

    @Option(help: "The protocol the encoder must satisfy: novel-editions or novel-characters.")
    var `protocol`: String = EncoderProtocol.novelEditions.rawValue

    @Option(help: "Evaluate only the first N corpus glyphs.")
    var limit: Int?

    @Flag(help: "Class means of every reference rendering (augmented and damaged too), not only the clean ones.")
    var allRenderings = false

    @OptionGroup var blas: BLASOptions

    func validate() throws {
      guard EncoderProtocol(rawValue: `protocol`) != nil else {
        let known = EncoderProtocol.allCases.map(\.rawValue).joined(separator: ", ")
        throw ValidationError("--protocol must be one of \(known), got \(`protocol`)")
      }
      if let limit, limit < 1 { throw ValidationError("--limit must be at least 1, got \(limit)") }
    }

    func run() throws {
      blas.apply()
      let proto = EncoderProtocol(rawValue: `protocol`) ?? .novelEditions
      let features = try FittedEncoderFeatures(path: encoder)
      let corpusReader = try GlyphDatasetReader(path: corpus)
      try features.trained.check(proto, dataset: TrainingContents(dataset: corpusReader), datasetPath: corpus)
      let start = Date()
      let result = try ZeroLabelEvaluation.run(
        features: features, references: GlyphDatasetReader(path: references), corpus: corpusReader, limit: limit,
        cleanOnly: !allRenderings)
      let seconds = Date().timeIntervalSince(start)
      print(
        String(
          format: "%@ on %@ (%@): zero-label accuracy %.2f%% (%d of %d glyphs; %d without a reference class); "
            + "%d references of %d classes; %.1f s",
          encoder, corpus, proto.rawValue, result.accuracy * 100, result.correct, result.evaluated,
          result.withoutReference, result.references, result.referenceClasses, seconds))
      for form in result.perVariant where form.glyphs > 0 {
        print(
          "  "
            + String(
              format: "%@: %.2f%% of %d", form.form, Double(form.correct) / Double(form.glyphs) * 100, form.glyphs))
      }
      for font in result.perFont where font.glyphs > 0 {
        let name = font.font.count < 32 ? font.font.padding(toLength: 32, withPad: " ", startingAt: 0) : font.font
        print(
          "  \(name) " + String(format: "%6.2f%% of %d", Double(font.correct) / Double(font.glyphs) * 100, font.glyphs))
      }
    }
  }
}
