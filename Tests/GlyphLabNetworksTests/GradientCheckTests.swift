import GlyphLabCore
import Testing

@testable import GlyphLabNetworks

/// Finite-difference checks for every layer and loss on random shapes: odd sizes,
/// stride 2, batch 1.
@Suite("finite-difference gradients")
struct GradientCheckTests {
  struct ConvCase: Sendable, CustomTestStringConvertible {
    let batch, channels, outputs, height, width, kernel, stride, padding: Int
    var testDescription: String {
      "N\(batch) C\(channels)→\(outputs) \(height)×\(width) k\(kernel) s\(stride) p\(padding)"
    }
  }

  static let convCases: [ConvCase] = [
    ConvCase(batch: 2, channels: 3, outputs: 4, height: 7, width: 6, kernel: 3, stride: 1, padding: 1),
    ConvCase(batch: 1, channels: 2, outputs: 3, height: 5, width: 7, kernel: 3, stride: 2, padding: 1),
    ConvCase(batch: 3, channels: 1, outputs: 2, height: 9, width: 5, kernel: 5, stride: 1, padding: 2),
    ConvCase(batch: 1, channels: 4, outputs: 2, height: 6, width: 6, kernel: 1, stride: 2, padding: 0),
    ConvCase(batch: 2, channels: 2, outputs: 3, height: 7, width: 7, kernel: 2, stride: 2, padding: 0),
    // Size-keeping convolutions on planes smaller than the kernel.
    ConvCase(batch: 2, channels: 2, outputs: 2, height: 1, width: 1, kernel: 3, stride: 1, padding: 1),
    ConvCase(batch: 2, channels: 1, outputs: 2, height: 2, width: 3, kernel: 5, stride: 1, padding: 2),
    // Many samples per chunk (gathered GEMM path) and several chunks.
    ConvCase(batch: 19, channels: 2, outputs: 3, height: 3, width: 5, kernel: 3, stride: 1, padding: 1),
  ]

  @Test(arguments: convCases)
  func conv2D(_ c: ConvCase) throws {
    var g = SeededGenerator(seed: 11)
    let conv = try Conv2D(
      inputChannels: c.channels, outputChannels: c.outputs, kernelSize: c.kernel, stride: c.stride,
      padding: c.padding, generator: g.derived("conv"))
    conv.bias?.value = GradientCheck.random([c.outputs], &g)
    let input = GradientCheck.random([c.batch, c.channels, c.height, c.width], &g)
    try GradientCheck.check(conv, input: input, seed: 5)
  }

  @Test func batchNorm4D() throws {
    var g = SeededGenerator(seed: 12)
    let bn = try BatchNorm2D(channels: 3)
    bn.weight.value = GradientCheck.random([3], &g, spread: 2)
    bn.bias.value = GradientCheck.random([3], &g)
    try GradientCheck.check(bn, input: GradientCheck.random([2, 3, 5, 3], &g, spread: 2), seed: 6, epsilon: 1e-2)
  }

  @Test func batchNormBatchOneAndRank2() throws {
    var g = SeededGenerator(seed: 13)
    let bn = try BatchNorm2D(channels: 2)
    try GradientCheck.check(bn, input: GradientCheck.random([1, 2, 3, 3], &g), seed: 7)
    let bn2 = try BatchNorm2D(channels: 4)
    try GradientCheck.check(bn2, input: GradientCheck.random([5, 4], &g), seed: 8)
  }

  @Test func relu() throws {
    var g = SeededGenerator(seed: 14)
    try GradientCheck.check(ReLU(), input: GradientCheck.random([1, 3, 5, 7], &g, awayFromZero: 0.05), seed: 9)
  }

  @Test func maxPool() throws {
    var g = SeededGenerator(seed: 15)
    // Distinct values, spaced more than 2ε apart, so no window has a near-tie.
    var input = Tensor(shape: [2, 2, 5, 7])
    var order = Array(0..<input.count)
    order.shuffle(using: &g)
    for (i, o) in order.enumerated() { input.values[i] = Float(o) * 0.05 - 3 }
    try GradientCheck.check(try MaxPool2D(kernelSize: 2), input: input, seed: 10, epsilon: 1e-2)
    try GradientCheck.check(try MaxPool2D(kernelSize: 3, stride: 2), input: input, seed: 10, epsilon: 1e-2)
  }

  @Test func avgPool() throws {
    var g = SeededGenerator(seed: 16)
    let input = GradientCheck.random([1, 3, 7, 5], &g)
    try GradientCheck.check(try AvgPool2D(kernelSize: 2), input: input, seed: 11)
    try GradientCheck.check(try AvgPool2D(kernelSize: 3, stride: 2), input: input, seed: 11)
  }

  @Test func globalAvgPoolAndFlatten() throws {
    var g = SeededGenerator(seed: 17)
    try GradientCheck.check(GlobalAvgPool(), input: GradientCheck.random([3, 2, 5, 3], &g), seed: 12)
    try GradientCheck.check(Flatten(), input: GradientCheck.random([1, 2, 3, 3], &g), seed: 12)
  }

  @Test func linear() throws {
    var g = SeededGenerator(seed: 18)
    let linear = try Linear(inputFeatures: 7, outputFeatures: 5, generator: g.derived("linear"))
    try GradientCheck.check(linear, input: GradientCheck.random([3, 7], &g), seed: 13)
    try GradientCheck.check(linear, input: GradientCheck.random([1, 7], &g), seed: 14)
  }

  @Test func dropout() throws {
    var g = SeededGenerator(seed: 19)
    let dropout = try Dropout(probability: 0.3, generator: g.derived("dropout"))
    try GradientCheck.check(
      dropout, input: GradientCheck.random([4, 9], &g), seed: 15, prepare: { dropout.passCount = 0 })
  }

  @Test func l2Normalize() throws {
    var g = SeededGenerator(seed: 20)
    try GradientCheck.check(L2Normalize(), input: GradientCheck.random([3, 5], &g), seed: 16, epsilon: 1e-3)
  }

  @Test func residualWithProjection() throws {
    var g = SeededGenerator(seed: 21)
    let block = Residual(
      main: Sequential([
        try Conv2D(
          inputChannels: 2, outputChannels: 3, kernelSize: 3, stride: 2, padding: 1, bias: false,
          generator: g.derived("a")),
        try BatchNorm2D(channels: 3),
      ]),
      shortcut: try Conv2D(inputChannels: 2, outputChannels: 3, kernelSize: 1, stride: 2, generator: g.derived("b")))
    try GradientCheck.check(block, input: GradientCheck.random([2, 2, 5, 5], &g), seed: 17)
    let identity = Residual(
      main: try Conv2D(inputChannels: 2, outputChannels: 2, kernelSize: 3, padding: 1, generator: g.derived("c")))
    try GradientCheck.check(identity, input: GradientCheck.random([1, 2, 4, 3], &g), seed: 18)
  }

  @Test func smallResNetEncoder() throws {
    var g = SeededGenerator(seed: 22)
    let encoder = try EncoderArchitecture.resnet(inputSize: 8, channels: [3, 4], embeddingDimension: 5).build(seed: 3)
    let input = GradientCheck.random([2, 1, 8, 8], &g)
    try GradientCheck.checkDirectional(encoder.network, input: input, seed: 19, epsilon: 1e-3)
    let conv4 = try EncoderArchitecture.conv4(inputSize: 8, channels: [3, 4], embeddingDimension: 5, dropout: 0)
      .build(seed: 4)
    try GradientCheck.checkDirectional(conv4.network, input: input, seed: 20, epsilon: 1e-3)
  }

  @Test func crossEntropy() throws {
    var g = SeededGenerator(seed: 23)
    try GradientCheck.checkLoss(
      SoftmaxCrossEntropy(), input: GradientCheck.random([5, 4], &g, spread: 3), labels: [0, 3, 1, 1, 2], seed: 20,
      epsilon: 1e-3)
  }

  @Test func cosineSoftmax() throws {
    var g = SeededGenerator(seed: 24)
    let loss = try CosineSoftmaxLoss(features: 6, classes: 4, scale: 5, generator: g.derived("w"))
    try GradientCheck.checkLoss(
      loss, input: GradientCheck.random([5, 6], &g), labels: [0, 3, 1, 1, 2], seed: 21, epsilon: 1e-3)
    try GradientCheck.checkLoss(loss, input: GradientCheck.random([1, 6], &g), labels: [2], seed: 22, epsilon: 1e-3)
  }

  @Test func prototypical() throws {
    var g = SeededGenerator(seed: 25)
    let loss = try PrototypicalLoss(shots: 2)
    // Three classes, two shots each, plus queries, interleaved.
    let labels = [4, 7, 4, 9, 7, 9, 4, 7, 9, 9]
    try GradientCheck.checkLoss(
      loss, input: GradientCheck.random([labels.count, 3], &g), labels: labels, seed: 23, epsilon: 1e-3)
  }
}
