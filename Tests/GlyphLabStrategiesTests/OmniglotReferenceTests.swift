import Foundation
import GlyphLabCore
import GlyphLabImaging
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

/// Reference few-shot accuracies on Omniglot pixels, for the project's notes. Opt-in (it
/// reads 5,840 PNGs and runs thousands of episodes):
///
///     GLYPHLAB_OMNIGLOT_REFERENCE=1 swift test -c release --scratch-path .build-mine \
///       --filter OmniglotReference
///
/// Protocol. `omniglot-small` holds 292 character folders, but the Greek and Latin alphabets
/// appear byte for byte in both halves, so there are 242 distinct characters. The base
/// classes are the 136 characters of `images_background_small1` (used only for the CL2N
/// mean and for choosing settings); the evaluation classes are the 106 characters of
/// `images_background_small2` that are not copies (Japanese katakana, Sanskrit, Tagalog):
/// new alphabets. Images are inverted (ink = 1), area-averaged from 105×105 to 28×28 and
/// scaled to [0, 1]. Episodes have 15 queries per class, 1,000 per setting, seed 0.
@Suite(
  "Omniglot reference",
  .enabled(if: ProcessInfo.processInfo.environment["GLYPHLAB_OMNIGLOT_REFERENCE"] == "1"))
struct OmniglotReferenceTests {
  /// Omniglot as features: one row per image.
  struct Omniglot {
    var features: Matrix
    var labels: [Int32]
    var baseClasses: [Int32]
    var evaluationClasses: [Int32]
  }

  static let side = 28

  /// Loads both halves; classes of the second half whose images all repeat a class of the
  /// first half byte for byte are dropped.
  static func load() throws -> Omniglot {
    let root = TestPaths.shared("datasets/omniglot-small")
    let files = FileManager.default
    var rows = [Float]()
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
            rows += downsample(image, to: side)
            labels.append(next)
          }
          if half == 0 { base.append(next) } else { evaluation.append(next) }
          next += 1
        }
      }
    }
    let features = try Matrix(rows: labels.count, columns: side * side, elements: rows)
    return Omniglot(features: features, labels: labels, baseClasses: base, evaluationClasses: evaluation)
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

  @Test func referenceAccuracies() throws {
    let started = Date()
    let data = try Self.load()
    #expect(data.labels.count == 4840)
    #expect(data.baseClasses.count == 136 && data.evaluationClasses.count == 106)
    print(
      "Omniglot: \(data.labels.count) images, \(data.baseClasses.count) base and \(data.evaluationClasses.count) evaluation classes, loaded in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
    )
    let baseRows = data.labels.indices.filter { data.labels[$0] < Int32(data.baseClasses.count) }
    let cl2n = try FeatureTransform.centeredL2Normalized(base: data.features.gathering(rows: baseRows))

    // Settings chosen on the base classes: the 1-shot temperature fallback factor.
    for factor: Float in [0.05, 0.1, 0.25, 0.5, 1] {
      let methods = [
        EpisodicEvaluation.Method(PrototypeClassifier(temperature: .leaveOneOut(fallbackFactor: factor)), name: "un"),
        .init(
          PrototypeClassifier(temperature: .leaveOneOut(fallbackFactor: factor)).transformed(by: cl2n), name: "cl2n"),
      ]
      for ways in [5, 20] {
        let result = try EpisodicEvaluation(ways: ways, shots: 1, episodes: 300, seed: 1).run(
          methods: methods, features: data.features, labels: data.labels, classes: data.baseClasses)
        print(
          "base \(ways)-way 1-shot, fallback factor \(factor): log loss "
            + result.summaries.map { "\($0.name) \(String(format: "%.4f", $0.logLoss.mean))" }.joined(separator: ", "))
      }
    }
    for ways in [5, 20] {
      let methods = [
        EpisodicEvaluation.Method(PrototypeClassifier(), name: "un"),
        .init(PrototypeClassifier().transformed(by: cl2n), name: "cl2n"),
        .init(PrototypeClassifier(temperature: .relative(0.25)), name: "un-relative-0.25"),
        .init(PrototypeClassifier(temperature: .relative(0.25)).transformed(by: cl2n), name: "cl2n-relative-0.25"),
      ]
      let result = try EpisodicEvaluation(ways: ways, shots: 5, episodes: 300, seed: 1).run(
        methods: methods, features: data.features, labels: data.labels, classes: data.baseClasses)
      print("base \(ways)-way 5-shot (leave-one-out vs relative 0.25):\n\(result.table)")
    }

    let methods: [EpisodicEvaluation.Method] = [
      .init(PrototypeClassifier(), name: "prototype"),
      .init(PrototypeClassifier().transformed(by: .l2Normalized)),
      .init(PrototypeClassifier().transformed(by: cl2n)),
      .init(MultiPrototypeClassifier().transformed(by: cl2n)),
      .init(KNearestNeighborsClassifier(weighting: .distance), name: "knn"),
      .init(KNearestNeighborsClassifier(weighting: .distance).transformed(by: cl2n)),
      .init(LogisticRegressionClassifier(), name: "logistic-regression"),
      .init(LogisticRegressionClassifier().transformed(by: cl2n)),
      .init(LabelPropagationClassifier(), name: "label-propagation"),
      .init(LabelPropagationClassifier().transformed(by: cl2n)),
    ]
    for (ways, shots) in [(20, 1), (5, 1), (5, 5), (20, 5)] {
      let clock = Date()
      let result = try EpisodicEvaluation(ways: ways, shots: shots, episodes: 1000, seed: 0).run(
        methods: methods, features: data.features, labels: data.labels, classes: data.evaluationClasses)
      print("\nevaluation classes, \(String(format: "%.1f", Date().timeIntervalSince(clock))) s:\n\(result.table)")
      #expect(result.summaries.allSatisfy { $0.accuracy.lower > 1 / Double(ways) }, "every method beats chance")
    }
  }
}
