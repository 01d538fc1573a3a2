import Foundation
import GlyphLabCore
import GlyphLabImaging
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

/// Reference few-shot accuracies on Omniglot, for the project's notes. Opt-in (it reads
/// 5,840 PNGs and runs 8,000 episodes of 13 methods, 8–15 minutes on two busy cores):
///
///     GLYPHLAB_OMNIGLOT_REFERENCE=1 swift test -c release --scratch-path .build-mine \
///       --filter OmniglotReference
///
/// Protocol. `omniglot-small` holds 292 character folders, but the Greek and Latin alphabets
/// appear byte for byte in both halves, so there are 242 distinct characters. The base
/// classes are the 136 characters of `images_background_small1`, used only for the CL2N
/// mean and for choosing settings; the evaluation classes are the 106 characters of
/// `images_background_small2` that are not copies (Japanese katakana, Sanskrit, Tagalog):
/// alphabets never seen. Images are inverted (ink = 255). Pixel features are area-averaged
/// from 105×105 to 28×28 and scaled to [0, 1]; HOG features (``HOGFeatures``) are computed on
/// an area-averaged copy whose size and HOG cell/block shape are chosen on the base classes.
/// Evaluation episodes have 15 queries per class, 1,000 per setting, seed 0.
@Suite(
  "Omniglot reference",
  .enabled(if: ProcessInfo.processInfo.environment["GLYPHLAB_OMNIGLOT_REFERENCE"] == "1"))
struct OmniglotReferenceTests {
  /// Omniglot's distinct characters: inverted 105×105 images with their class labels.
  struct Omniglot {
    var images: GlyphImages
    var labels: [Int32]
    var baseClasses: [Int32]
    var evaluationClasses: [Int32]

    /// The rows of the base classes.
    var baseRows: [Int] { labels.indices.filter { labels[$0] < Int32(baseClasses.count) } }
  }

  /// Loads both halves; a class of the second half whose images all repeat images already
  /// loaded, byte for byte, is dropped.
  static func load() throws -> Omniglot {
    let root = TestPaths.shared("datasets/omniglot-small")
    let files = FileManager.default
    var pixels = [UInt8]()
    var labels = [Int32]()
    var base = [Int32]()
    var evaluation = [Int32]()
    var seen = Set<Data>()
    var next: Int32 = 0
    for (half, name) in ["images_background_small1", "images_background_small2"].enumerated() {
      let halfURL = root.appendingPathComponent(name)
      for alphabet in try files.contentsOfDirectory(atPath: halfURL.path).sorted() {
        let alphabetURL = halfURL.appendingPathComponent(alphabet)
        for character in try files.contentsOfDirectory(atPath: alphabetURL.path).sorted() {
          let characterURL = alphabetURL.appendingPathComponent(character)
          let pngs = try files.contentsOfDirectory(atPath: characterURL.path).filter { $0.hasSuffix(".png") }.sorted()
          let paths = pngs.map { characterURL.appendingPathComponent($0).path }
          let contents = try paths.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
          if contents.allSatisfy({ seen.contains($0) }) { continue }
          seen.formUnion(contents)
          for path in paths {
            let image = try PNGCodec.readGray(path: path).inverted()
            try #require(image.width == 105 && image.height == 105)
            pixels += image.pixels
            labels.append(next)
          }
          if half == 0 { base.append(next) } else { evaluation.append(next) }
          next += 1
        }
      }
    }
    let images = try GlyphImages(count: labels.count, height: 105, width: 105, pixels: pixels)
    return Omniglot(images: images, labels: labels, baseClasses: base, evaluationClasses: evaluation)
  }

  /// Every image area-averaged to `side × side`, as values in [0, 1].
  static func pixels(_ images: GlyphImages, side: Int) throws -> Matrix {
    var values = [Float]()
    values.reserveCapacity(images.count * side * side)
    for i in 0..<images.count {
      let image = try GrayImage(width: images.width, height: images.height, pixels: Array(images.image(i)))
      values += downsample(image, to: side)
    }
    return try Matrix(rows: images.count, columns: side * side, elements: values)
  }

  /// Every image area-averaged to `side × side` and rounded back to bytes.
  static func resized(_ images: GlyphImages, side: Int) throws -> GlyphImages {
    let small = try pixels(images, side: side)
    return try GlyphImages(
      count: images.count, height: side, width: side,
      pixels: small.elements.map { UInt8(min(255, max(0, ($0 * 255).rounded()))) })
  }

  /// Area-averaged downsampling (each output pixel is the mean of the input area it covers,
  /// fractional pixels weighted by overlap), scaled to [0, 1].
  static func downsample(_ image: GrayImage, to side: Int) -> [Float] {
    func weights(_ n: Int) -> [[Double]] {
      let scale = Double(n) / Double(side)
      return (0..<side).map { o in
        let start = Double(o) * scale
        let end = start + scale
        return (0..<n).map { i in max(0, min(end, Double(i + 1)) - max(start, Double(i))) / scale }
      }
    }
    let wy = weights(image.height)
    let wx = weights(image.width)
    var columnsReduced = [Double](repeating: 0, count: image.height * side)
    for y in 0..<image.height {
      for ox in 0..<side {
        var s = 0.0
        for x in 0..<image.width where wx[ox][x] > 0 { s += wx[ox][x] * Double(image[x, y]) }
        columnsReduced[y * side + ox] = s
      }
    }
    var out = [Float](repeating: 0, count: side * side)
    for oy in 0..<side {
      for ox in 0..<side {
        var s = 0.0
        for y in 0..<image.height where wy[oy][y] > 0 { s += wy[oy][y] * columnsReduced[y * side + ox] }
        out[oy * side + ox] = Float(s / 255)
      }
    }
    return out
  }

  @Test func downsamplingAveragesAreas() throws {
    // A 4×4 image with one 2×2 ink block at the top left becomes 2×2 with one full pixel.
    var block = GrayImage(width: 4, height: 4)
    for (x, y) in [(0, 0), (1, 0), (0, 1), (1, 1)] { block[x, y] = 255 }
    #expect(Self.downsample(block, to: 2) == [1, 0, 0, 0])
    // 15×15 → 4×4 (3.75 pixels per output pixel) against the overlap area computed in 2-D.
    var g = SeededGenerator(seed: 1)
    let image = try GrayImage(width: 15, height: 15, pixels: (0..<225).map { _ in UInt8(g.uniformInt(below: 256)) })
    let got = Self.downsample(image, to: 4)
    let scale = 15.0 / 4
    for oy in 0..<4 {
      for ox in 0..<4 {
        var sum = 0.0
        for y in 0..<15 {
          for x in 0..<15 {
            let overlapX = max(0, min(Double(ox + 1) * scale, Double(x + 1)) - max(Double(ox) * scale, Double(x)))
            let overlapY = max(0, min(Double(oy + 1) * scale, Double(y + 1)) - max(Double(oy) * scale, Double(y)))
            sum += overlapX * overlapY * Double(image[x, y])
          }
        }
        #expect(abs(Double(got[oy * 4 + ox]) - sum / (scale * scale) / 255) < 1e-5)
      }
    }
  }

  /// Prints a compact table: each method's accuracy and log loss, and its paired accuracy
  /// difference from `baseline`.
  static func report(_ result: EpisodicResult, title: String, baseline: String) -> String {
    let width = result.methods.map(\.count).max() ?? 0
    var lines = [
      "\(title): \(result.ways)-way \(result.shots)-shot, \(result.queriesPerClass) queries/class, "
        + "\(result.episodes) episodes, seed \(result.seed); 95% t-intervals",
      "  " + "method".padding(toLength: width, withPad: " ", startingAt: 0)
        + "   accuracy %      log loss   vs \(baseline)",
    ]
    for summary in result.summaries {
      let pair = result.pairedDifferences.first {
        ($0.first == summary.name && $0.second == baseline) || ($0.second == summary.name && $0.first == baseline)
      }
      var versus = ""
      if let pair {
        let sign = pair.first == summary.name ? 1.0 : -1.0
        versus = String(format: "%+6.2f ± %4.2f", 100 * sign * pair.difference.mean, 100 * pair.difference.halfWidth)
      }
      lines.append(
        "  " + summary.name.padding(toLength: width, withPad: " ", startingAt: 0)
          + String(
            format: "  %6.2f ± %4.2f   %7.4f   ", 100 * summary.accuracy.mean, 100 * summary.accuracy.halfWidth,
            summary.logLoss.mean) + versus)
    }
    return lines.joined(separator: "\n")
  }

  /// The methods of the reference table: every classifier with its defaults, on the raw
  /// features and behind CL2N, plus L2N prototypes and two variants tuned on the base classes.
  static func methods(cl2n: FeatureTransform) -> [EpisodicEvaluation.Method] {
    [
      .init(PrototypeClassifier(), name: "prototype"),
      .init(PrototypeClassifier().transformed(by: .l2Normalized)),
      .init(PrototypeClassifier().transformed(by: cl2n)),
      .init(MultiPrototypeClassifier(), name: "multi-prototype"),
      .init(MultiPrototypeClassifier().transformed(by: cl2n)),
      .init(KNearestNeighborsClassifier(weighting: .distance), name: "knn"),
      .init(KNearestNeighborsClassifier(weighting: .distance).transformed(by: cl2n)),
      .init(LogisticRegressionClassifier(), name: "logistic-regression"),
      .init(LogisticRegressionClassifier().transformed(by: cl2n)),
      .init(
        LogisticRegressionClassifier(inverseRegularization: 100).transformed(by: cl2n),
        name: "cl2n+logistic-regression(C=100)"),
      .init(LabelPropagationClassifier(), name: "label-propagation"),
      .init(LabelPropagationClassifier().transformed(by: cl2n)),
      .init(
        LabelPropagationClassifier(classMassNormalization: true).transformed(by: cl2n),
        name: "cl2n+label-propagation(cmn)"),
    ]
  }

  @Test func referenceAccuracies() throws {
    let started = Date()
    let data = try Self.load()
    #expect(data.labels.count == 4840)
    #expect(data.baseClasses.count == 136 && data.evaluationClasses.count == 106)
    print(
      "Omniglot: \(data.labels.count) distinct images, \(data.baseClasses.count) base and "
        + "\(data.evaluationClasses.count) evaluation classes, loaded in "
        + String(format: "%.1f s", Date().timeIntervalSince(started)))
    let pixels = try Self.pixels(data.images, side: 28)
    let pixelCL2N = try FeatureTransform.centeredL2Normalized(base: pixels.gathering(rows: data.baseRows))

    // Choices made on the base classes only.
    // 1. The 1-shot temperature fallback factor, by query log loss.
    for factor: Float in [0.05, 0.1, 0.25, 0.5, 1] {
      let rule = SoftmaxTemperature.leaveOneOut(fallbackFactor: factor)
      let methods = [
        EpisodicEvaluation.Method(PrototypeClassifier(temperature: rule), name: "un"),
        .init(PrototypeClassifier(temperature: rule).transformed(by: pixelCL2N), name: "cl2n"),
      ]
      var losses = [String]()
      for ways in [5, 20] {
        let result = try EpisodicEvaluation(ways: ways, shots: 1, episodes: 300, seed: 1).run(
          methods: methods, features: pixels, labels: data.labels, classes: data.baseClasses)
        losses += result.summaries.map { "\(ways)-way \($0.name) \(String(format: "%.4f", $0.logLoss.mean))" }
      }
      print("base classes, 1-shot log loss with fallback factor \(factor): \(losses.joined(separator: ", "))")
    }
    // 2. The HOG input size and cell/block shape, by cl2n+prototype 5-way 1-shot accuracy.
    let hogCandidates: [(side: Int, hog: HOGFeatures)] = [
      (28, HOGFeatures(cellSize: 4, blockSize: 2)), (56, HOGFeatures(cellSize: 8, blockSize: 2)),
      (56, HOGFeatures(cellSize: 8, blockSize: 3)), (105, HOGFeatures(cellSize: 16, blockSize: 2)),
      (105, HOGFeatures()),
    ]
    var bestHOG: (accuracy: Double, features: Matrix, name: String)? = nil
    for candidate in hogCandidates {
      let images = candidate.side == 105 ? data.images : try Self.resized(data.images, side: candidate.side)
      let features = try candidate.hog.features(of: images)
      let cl2n = try FeatureTransform.centeredL2Normalized(base: features.gathering(rows: data.baseRows))
      let result = try EpisodicEvaluation(ways: 5, shots: 1, episodes: 300, seed: 1).run(
        methods: [.init(PrototypeClassifier().transformed(by: cl2n))], features: features, labels: data.labels,
        classes: data.baseClasses)
      let name = "\(candidate.hog.name) on \(candidate.side)×\(candidate.side) (\(features.columns) values)"
      print("base classes, 5-way 1-shot cl2n+prototype with \(name): \(result.summaries[0].accuracy)")
      if result.summaries[0].accuracy.mean > bestHOG?.accuracy ?? -1 {
        bestHOG = (result.summaries[0].accuracy.mean, features, name)
      }
    }
    let hog = try #require(bestHOG)
    let hogCL2N = try FeatureTransform.centeredL2Normalized(base: hog.features.gathering(rows: data.baseRows))

    // The reference table, on the evaluation classes.
    for (title, features, cl2n) in [("pixels 28×28", pixels, pixelCL2N), ("HOG: \(hog.name)", hog.features, hogCL2N)] {
      for (ways, shots) in [(20, 1), (5, 1), (5, 5), (20, 5)] {
        let clock = Date()
        let result = try EpisodicEvaluation(ways: ways, shots: shots, episodes: 1000, seed: 0).run(
          methods: Self.methods(cl2n: cl2n), features: features, labels: data.labels,
          classes: data.evaluationClasses)
        print(
          "\n" + Self.report(result, title: title, baseline: "cl2n+prototype")
            + String(format: "\n  (%.1f s)", Date().timeIntervalSince(clock)))
        #expect(result.summaries.allSatisfy { $0.accuracy.lower > 1 / Double(ways) }, "every method beats chance")
      }
    }
  }
}
