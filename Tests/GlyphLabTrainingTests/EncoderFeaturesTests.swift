import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabNetworks
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@testable import GlyphLabTraining

/// Trains one tiny encoder and checks what can be done with it. Serialized: it sets the BLAS
/// thread count.
@Suite(.serialized) final class EncoderFeaturesTests {
  let directory: URL
  let dataset: String
  let encoderPath: String
  let images: GlyphImages
  let labels: [Int32]

  init() throws {
    directory = try TestPaths.temporaryDirectory("features")
    dataset = directory.appendingPathComponent("tiny.h5").path
    (images, labels) = try TinyGlyphs.write(to: dataset, chunk: 16)
    encoderPath = directory.appendingPathComponent("enc.h5").path
    let spec = try TinyGlyphs.spec(dataset: dataset, out: encoderPath, ["epochs=2"])
    _ = try EncoderTrainer(spec: spec).train()
  }

  @Test func embeddingsHaveUnitLengthAndAreDeterministic() throws {
    let extractor = EncoderFeatures(path: encoderPath, batchSize: 7)
    #expect(extractor.name == "encoder-enc")
    let fitted = try extractor.fitted(on: images)
    #expect(fitted.dimension == 32)
    BLAS.threadCount = 1
    let one = try fitted.features(of: images)
    BLAS.threadCount = 2
    let two = try fitted.features(of: images)
    #expect(one.rows == images.count && one.columns == 32)
    #expect(one == two)
    for i in 0..<one.rows {
      var norm: Float = 0
      for j in 0..<one.columns { norm += one[i, j] * one[i, j] }
      #expect(abs(norm - 1) < 1e-5)
    }
    // Other batch sizes change the convolution's GEMM shapes, so only rounding; streaming
    // from the file in the same batches gives exactly the same rows.
    let whole = try EncoderFeatures(path: encoderPath, batchSize: 256).fitted(on: images).features(of: images)
    #expect(maxDifference(whole, one) < 1e-5, "\(maxDifference(whole, one))")
    let streamed = try FittedEncoderFeatures(path: encoderPath, batchSize: 7)
      .features(of: GlyphDatasetReader(path: dataset), rows: 7..<30)
    #expect(streamed == (try fitted.features(of: images.slice(7..<30))))
  }

  @Test func onePassGivesTheTrunkAndTheSameEmbeddings() throws {
    // Embedding fine-tuning takes the references' trunk from the pass that embeds them: the
    // embeddings must be exactly the extractor's, and the trunk exactly the trunk pass's.
    let fitted = try FittedEncoderFeatures(path: encoderPath, batchSize: 7)
    let both = try fitted.trunkAndEmbeddings(of: images)
    #expect(both.embeddings == (try fitted.features(of: images)))
    #expect(both.trunk == (try TrunkFeatures.trunk(of: images, encoder: fitted.trained, batchSize: 7)))
    let trunkExtractor = EncoderTrunkExtractor(try TrainedEncoder.load(encoderPath), batchSize: 7)
    #expect(try trunkExtractor.trunkAndEmbeddings(of: images).trunk == both.trunk)
    let given = try TrunkFeatures(
      encoder: fitted.trained, corpus: both.trunk, referenceImages: images, referenceTrunk: both.trunk,
      referenceLabels: labels, batchSize: 7)
    let computed = try TrunkFeatures(
      encoder: fitted.trained, corpus: both.trunk, referenceImages: images, referenceLabels: labels, batchSize: 7)
    #expect(given.references == computed.references)
    #expect(throws: EncoderError.self) {
      try TrunkFeatures(
        encoder: fitted.trained, corpus: both.trunk, referenceImages: images, referenceTrunk: both.trunk,
        referenceLabels: Array(labels.dropFirst()), batchSize: 7)
    }
  }

  @Test func randomInitializationKeepsTheArchitectureAndForgetsTheTraining() throws {
    let trained = try TrainedEncoder.load(encoderPath)
    let fresh = try TrainedEncoder.load(encoderPath, initialization: .random, seed: 7)
    #expect(fresh.encoder.architecture == trained.encoder.architecture)
    #expect(fresh.contents == TrainingContents(characters: [], fonts: []), "it has seen nothing")
    // Fresh weights are exactly those the architecture builds from the seed, not the file's.
    let built = try trained.encoder.architecture.build(seed: 7)
    #expect(fresh.encoder.state.keys.sorted() == trained.encoder.state.keys.sorted())
    for (name, tensor) in built.state { #expect(fresh.encoder.state[name] == tensor, "\(name)") }
    let weightNames = trained.encoder.state.keys.filter { $0.hasSuffix("weight") }
    #expect(weightNames.contains { fresh.encoder.state[$0] != trained.encoder.state[$0] })
    // Its features differ from the trained ones, and the same seed gives the same features.
    let a = try EncoderFeatures(path: encoderPath, initialization: .random, initSeed: 7).fitted(on: images)
    let b = try EncoderFeatures(path: encoderPath, initialization: .random, initSeed: 7).fitted(on: images)
    let pretrained = try EncoderFeatures(path: encoderPath).fitted(on: images)
    #expect(try a.features(of: images) == b.features(of: images))
    #expect(try a.features(of: images) != pretrained.features(of: images))
    #expect(EncoderFeatures(path: encoderPath, initialization: .random, initSeed: 7).name == "encoder-enc-random7")
    // A network trained on nothing overlaps nothing, whatever the dataset.
    let everything = TrainingContents(characters: ["之", "人"], fonts: ["Any/Regular"])
    for proto in EncoderProtocol.allCases {
      try fresh.check(proto, dataset: everything, datasetPath: dataset)
    }
  }

  func maxDifference(_ a: Matrix, _ b: Matrix) -> Float {
    var worst: Float = 0
    for i in 0..<a.rows { for j in 0..<a.columns { worst = max(worst, abs(a[i, j] - b[i, j])) } }
    return worst
  }

  @Test func imagesOfAnotherSizeAreRefusedNamingTheEncoder() throws {
    let other = try GlyphImages(count: 2, height: 32, width: 32, pixels: [UInt8](repeating: 0, count: 2048))
    let error = thrown { _ = try EncoderFeatures(path: encoderPath).fitted(on: other) }
    guard case .inputSize(let encoder, 24, 24, _, 32, 32) = error as? EncoderError else {
      Issue.record("expected an input-size error, got \(String(describing: error))")
      return
    }
    #expect(encoder == encoderPath)
    #expect(describe(error).contains("takes 24×24 images"))
    // A dataset file of another size, streamed.
    let big = directory.appendingPathComponent("big.h5").path
    try TinyGlyphs.write(to: big, copies: 1, size: 32)
    let streamed = describe(
      thrown { _ = try FittedEncoderFeatures(path: encoderPath).features(of: GlyphDatasetReader(path: big)) })
    #expect(streamed.contains(encoderPath) && streamed.contains(big), "\(streamed)")
  }

  @Test func truncatedAndForeignWeightsFilesAreRefusedNamingTheFile() throws {
    let truncated = directory.appendingPathComponent("truncated.h5").path
    let data = try Data(contentsOf: URL(fileURLWithPath: encoderPath))
    try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: truncated))
    let error = thrown { _ = try EncoderFeatures(path: truncated).fitted(on: images) }
    guard case .weightsFile(let path, _) = error as? EncoderError else {
      Issue.record("expected a weights-file error, got \(String(describing: error))")
      return
    }
    #expect(path == truncated)
    // A dataset is not an encoder.
    #expect(describe(thrown { _ = try TrainedEncoder.load(dataset) }).hasPrefix(dataset))
    // An encoder of another architecture where one is expected.
    let expected = EncoderArchitecture.conv4(inputSize: 16, channels: [4, 4, 4, 4], embeddingDimension: 8)
    let foreign = describe(thrown { _ = try TrainedEncoder.load(encoderPath, expecting: expected) })
    #expect(foreign.hasPrefix(encoderPath) && foreign.contains("architecture"), "\(foreign)")
  }

  @Test func fineTuningLastLayersKeepsTheOthersAndLearns() throws {
    let original = try TrainedEncoder.load(encoderPath)
    let before = original.encoder.state
    let result = try EncoderTrainer.fineTune(
      original, images: images, labels: labels, classCount: 6,
      settings: FineTuneSettings(epochs: 3, layers: .last(1), learningRate: 0.05, batchSize: 16, seed: 3))
    #expect(result.steps == 9 && result.epochs == 3 && result.loss.isFinite)
    #expect(original.encoder.state == before)
    let after = result.encoder.encoder.state
    let linear = try #require(original.encoder.network.layers.last { !$0.parameters.isEmpty })
    let tuned = Set(linear.parameters.map(\.name))
    for (name, value) in before where !name.contains("running") {
      if tuned.contains(name) {
        #expect(after[name] != value, "\(name) should change")
      } else {
        #expect(after[name] == value, "\(name) should stay")
      }
    }
    // The fine-tuned encoder embeds from memory.
    let embedded = try FittedEncoderFeatures(trained: result.encoder, batchSize: 16).features(of: images)
    #expect(embedded.rows == images.count && embedded.columns == 32)
    // Deterministic: the same settings give the same weights.
    let again = try EncoderTrainer.fineTune(
      original, images: images, labels: labels, classCount: 6,
      settings: FineTuneSettings(epochs: 3, layers: .last(1), learningRate: 0.05, batchSize: 16, seed: 3))
    #expect(again.encoder.encoder.state == after)
    // Bad arguments name themselves.
    #expect(
      describe(
        thrown {
          _ = try EncoderTrainer.fineTune(
            original, images: images, labels: labels, classCount: 6, settings: FineTuneSettings(layers: .last(99)))
        }
      ).contains("layers"))
    #expect(
      describe(
        thrown {
          _ = try EncoderTrainer.fineTune(
            original, images: images, labels: Array(labels.dropFirst()), classCount: 6, settings: FineTuneSettings())
        }
      ).contains("labels"))
  }

  @Test func fineTuningAllLayersLowersTheLoss() throws {
    let original = try TrainedEncoder.load(encoderPath)
    let short = try EncoderTrainer.fineTune(
      original, images: images, labels: labels, classCount: 6,
      settings: FineTuneSettings(epochs: 1, learningRate: 0.05, batchSize: 16, seed: 1))
    let long = try EncoderTrainer.fineTune(
      original, images: images, labels: labels, classCount: 6,
      settings: FineTuneSettings(epochs: 6, learningRate: 0.05, batchSize: 16, seed: 1))
    #expect(long.loss < short.loss, "1 epoch \(short.loss), 6 epochs \(long.loss)")
  }

  @Test func protocolChecksUseTheRecordedContents() throws {
    let trained = try TrainedEncoder.load(encoderPath)
    let fonts = try #require(trained.contents?.fonts)
    let corpus = TrainingContents(characters: ["郷"], fonts: [fonts[0]])
    #expect(
      describe(thrown { try trained.check(.novelEditions, dataset: corpus, datasetPath: "c.h5") })
        .contains("novel-editions protocol forbids"))
    try trained.check(.novelCharacters, dataset: corpus, datasetPath: "c.h5")
    #expect(
      describe(
        thrown {
          try trained.check(
            .novelCharacters, dataset: TrainingContents(characters: ["山"], fonts: []), datasetPath: "c.h5")
        }
      ).contains("'山'"))
  }

  @Test func zeroLabelAccuracyMatchesANaiveNearestMean() throws {
    let references = directory.appendingPathComponent("refs.h5").path
    // References: 3 of the 6 classes, in reverse order, so names (not indices) must match.
    let refClasses = ["火", "山", "一"]
    try TinyGlyphs.write(to: references, characters: refClasses, copies: 2, renderingGroup: true)
    let features = try FittedEncoderFeatures(path: encoderPath, batchSize: 16)
    let corpus = try GlyphDatasetReader(path: dataset)
    let result = try ZeroLabelEvaluation.run(
      features: features, references: GlyphDatasetReader(path: references), corpus: corpus, batch: 10)

    // Naive: embed the clean references, average per class, argmax cosine per corpus glyph.
    let refReader = try GlyphDatasetReader(path: references)
    let clean = try refReader.group("rendering").values
    let refEmbeddings = try features.features(of: refReader.allImages())
    let refLabels = try refReader.labels()
    var means: [String: [Double]] = [:]
    var counts: [String: Int] = [:]
    for i in 0..<refEmbeddings.rows where clean[i] == 0 {
      let name = refClasses[Int(refLabels[i])]
      var m = means[name] ?? [Double](repeating: 0, count: refEmbeddings.columns)
      for j in 0..<refEmbeddings.columns { m[j] += Double(refEmbeddings[i, j]) }
      means[name] = m
      counts[name, default: 0] += 1
    }
    let corpusEmbeddings = try features.features(of: corpus.allImages())
    let corpusClasses = try corpus.classes()
    var correct = 0
    for i in 0..<corpusEmbeddings.rows {
      var best = ("", -Double.infinity)
      for name in refClasses {
        guard let m = means[name] else { continue }
        var dot = 0.0
        var norm = 0.0
        for j in 0..<m.count {
          dot += m[j] * Double(corpusEmbeddings[i, j])
          norm += m[j] * m[j]
        }
        let cosine = dot / norm.squareRoot()
        if cosine > best.1 { best = (name, cosine) }
      }
      if best.0 == corpusClasses[Int(labels[i])] { correct += 1 }
    }
    #expect(result.evaluated == 48 && result.withoutReference == 24)
    #expect(result.references == 6 && result.referenceClasses == 3)
    #expect(result.correct == correct)
    #expect(result.correct > 12, "a trained encoder should beat chance on the covered half")
    #expect(result.perFont.map(\.glyphs).reduce(0, +) == 48)
  }
}
