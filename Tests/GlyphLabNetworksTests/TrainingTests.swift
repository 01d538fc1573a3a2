import GlyphLabCore
import GlyphLabImaging
import Testing

@testable import GlyphLabNetworks

/// A tiny network learns to separate a few rendered characters, and training is
/// bit-identical whatever the thread count.
@Suite("training")
struct TrainingTests {
  /// Fonts never used for training (the held-out test editions).
  static let heldOutFamilies = [
    "TW-Kai", "TW-Sung", "LXGW WenKai", "AR PL KaitiM Big5", "AR PL Mingti2L Big5", "cwTeXMing",
  ]

  static let face: FontFace? = FontCatalog.cjkFaces().first { face in
    !heldOutFamilies.contains { face.family.contains($0) }
  }

  /// `perClass` jittered renderings of each character at 16×16, seeded.
  static func render(_ characters: [Unicode.Scalar], perClass: Int, seed: UInt64) throws -> (GlyphImages, [Int]) {
    let face = try #require(Self.face)
    let renderer = try GlyphRenderer(fonts: [face])
    var g = SeededGenerator(seed: seed)
    let size = 16
    var pixels = [UInt8]()
    var labels = [Int]()
    for _ in 0..<perClass {
      for (label, character) in characters.enumerated() {
        let u = { (spread: Double) in (Double(g.next() >> 11) / 9_007_199_254_740_992 * 2 - 1) * spread }
        let transform = GlyphRenderer.Transform.jitter(rotationDegrees: u(8), shear: u(0.1), scale: 1 + u(0.1))
        let bitmap = try #require(renderer.render(character, font: 0, pixelSize: 13, transform: transform))
        var canvas = [UInt8](repeating: 0, count: size * size)
        let dx = (size - bitmap.width) / 2 + Int(u(1.5).rounded())
        let dy = (size - bitmap.height) / 2 + Int(u(1.5).rounded())
        for y in 0..<bitmap.height {
          for x in 0..<bitmap.width {
            let (cx, cy) = (x + dx, y + dy)
            if cx >= 0, cx < size, cy >= 0, cy < size { canvas[cy * size + cx] = bitmap.coverage[y * bitmap.width + x] }
          }
        }
        pixels += canvas
        labels.append(label)
      }
    }
    return (try GlyphImages(count: labels.count, height: size, width: size, pixels: pixels), labels)
  }

  static let characters: [Unicode.Scalar] = ["一", "之", "書", "國", "人"]

  /// Trains a small Conv-4 with a linear classifier; returns the per-step losses and the
  /// encoder's final state.
  static func train(
    steps: Int, images: GlyphImages, labels: [Int], seed: UInt64
  ) throws
    -> (losses: [Float], accuracies: [Double], encoder: Encoder)
  {
    let architecture = EncoderArchitecture.conv4(
      inputSize: 16, channels: [8, 16], head: .flatten, embeddingDimension: characters.count, dropout: 0.1)
    let encoder = try architecture.build(seed: seed)
    let loss = SoftmaxCrossEntropy()
    let optimizer = try SGD(parameters: encoder.parameters, learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4)
    let schedule = try WarmupSchedule(
      warmupSteps: 3, startFactor: 0.2, then: try CosineSchedule(baseRate: 0.05, totalSteps: steps))
    let input = Tensor(images: images)
    var losses: [Float] = []
    var accuracies: [Double] = []
    for step in 0..<steps {
      optimizer.learningRate = schedule.learningRate(at: step)
      optimizer.zeroGradients()
      let result = try loss.forward(encoder.forward(input, mode: .training), labels: labels)
      try encoder.backward(loss.backward())
      try optimizer.step()
      losses.append(result.loss)
      accuracies.append(result.accuracy)
    }
    return (losses, accuracies, encoder)
  }

  @Test(.enabled(if: face != nil, "no CJK font installed: make setup installs them"))
  func tinyNetworkSeparatesRenderedCharacters() throws {
    let (train, trainLabels) = try Self.render(Self.characters, perClass: 8, seed: 1)
    let (test, testLabels) = try Self.render(Self.characters, perClass: 4, seed: 2)
    let (losses, accuracies, encoder) = try Self.train(steps: 30, images: train, labels: trainLabels, seed: 3)
    #expect(losses.last! < losses.first! * 0.3, "loss \(losses.first!) → \(losses.last!)")
    #expect(accuracies.last! >= 0.95, "training accuracy \(accuracies)")
    #expect(accuracies.last! > accuracies.first!)
    let logits = try encoder.embed(test)
    var correct = 0
    for i in 0..<test.count {
      let row = Array(logits.row(i))
      if row.firstIndex(of: row.max()!) == testLabels[i] { correct += 1 }
    }
    #expect(Double(correct) / Double(test.count) >= 0.8, "held-out renderings: \(correct)/\(test.count)")
  }

  @Test(.enabled(if: face != nil, "no CJK font installed: make setup installs them"))
  func sameSeedSameWeightsWhateverTheThreadCount() throws {
    let (train, labels) = try Self.render(Self.characters, perClass: 4, seed: 4)
    let saved = BLAS.threadCount
    defer { BLAS.threadCount = saved }
    BLAS.threadCount = 1
    let one = try Self.train(steps: 3, images: train, labels: labels, seed: 5).encoder.state
    BLAS.threadCount = 2
    let two = try Self.train(steps: 3, images: train, labels: labels, seed: 5).encoder.state
    BLAS.threadCount = 3
    let three = try Self.train(steps: 3, images: train, labels: labels, seed: 5).encoder.state
    #expect(one == two)
    #expect(one == three)
    let other = try Self.train(steps: 3, images: train, labels: labels, seed: 6).encoder.state
    #expect(one != other)
  }

  @Test func buildIsDeterministic() throws {
    for architecture in [EncoderArchitecture.conv4(), .resnet()] {
      let a = try architecture.build(seed: 42).state
      let b = try architecture.build(seed: 42).state
      let c = try architecture.build(seed: 43).state
      #expect(a == b)
      #expect(a != c)
    }
  }
}
