import GlyphLabCore
import Testing

@testable import GlyphLabNetworks

/// ``Sequential`` runs a batch norm and the ReLU after it as one pass each way; the values
/// must be exactly those of the two layers run one after the other.
@Suite("batch norm folded with its ReLU")
struct RectifiedBatchNormTests {
  @Test(arguments: [[3, 2, 5, 7], [2, 3, 8, 8], [4, 2, 1, 1]])
  func foldedPassesEqualTheLayersRunAlone(shape: [Int]) throws {
    var g = SeededGenerator(seed: 31)
    let input = GradientCheck.random(shape, &g)
    let upstream = GradientCheck.random(shape, &g)
    let gamma = GradientCheck.random([shape[1]], &g)
    let beta = GradientCheck.random([shape[1]], &g)
    func norm() throws -> BatchNorm2D {
      let bn = try BatchNorm2D(channels: shape[1])
      bn.weight.value = gamma
      bn.bias.value = beta
      return bn
    }
    let (foldedNorm, foldedReLU) = (try norm(), ReLU())
    let folded = Sequential([foldedNorm, foldedReLU])
    let (aloneNorm, aloneReLU) = (try norm(), ReLU())
    for mode in [ForwardMode.training, .inference] {
      let y = try folded.forward(input, mode: mode)
      let expected = try aloneReLU.forward(aloneNorm.forward(input, mode: mode), mode: mode)
      #expect(y.values == expected.values, "forward, \(mode)")
      #expect(y.values.contains(0) && y.values.contains { $0 > 0 })
    }
    // The last forward pass above is in inference mode: train again before the backward.
    _ = try folded.forward(input, mode: .training)
    _ = try aloneReLU.forward(aloneNorm.forward(input, mode: .training), mode: .training)
    let dx = try folded.backward(upstream)
    let expectedDx = try aloneNorm.backward(aloneReLU.backward(upstream))
    #expect(dx.values == expectedDx.values)
    #expect(foldedNorm.weight.gradient.values == aloneNorm.weight.gradient.values)
    #expect(foldedNorm.bias.gradient.values == aloneNorm.bias.gradient.values)
    #expect(foldedNorm.runningMean.value.values == aloneNorm.runningMean.value.values)
    #expect(foldedNorm.runningVariance.value.values == aloneNorm.runningVariance.value.values)
  }

  /// The first `count` layers of a network (an encoder's trunk is every layer but the
  /// last) fold the pairs that lie inside them, and give what those layers run alone give,
  /// also when `count` ends between a batch norm and its ReLU.
  @Test(arguments: 0...6)
  func aPrefixOfTheLayersEqualsThoseLayersRunAlone(count: Int) throws {
    var g = SeededGenerator(seed: 5)
    let input = GradientCheck.random([2, 3, 6, 6], &g)
    let network = Sequential([
      try Conv2D(inputChannels: 3, outputChannels: 4, kernelSize: 3, padding: 1, generator: g),
      try BatchNorm2D(channels: 4), ReLU(), try MaxPool2D(kernelSize: 2),
      try BatchNorm2D(channels: 4), ReLU(),
    ])
    for mode in [ForwardMode.training, .inference] {
      var expected = input
      for layer in network.layers.prefix(count) { expected = try layer.forward(expected, mode: mode) }
      let y = try network.forward(input, mode: mode, layers: count)
      #expect(y.shape == expected.shape && y.values == expected.values, "\(count) layers, \(mode)")
    }
    #expect(
      try network.forward(input, mode: .inference, layers: 99).values == network.forward(input, mode: .inference).values
    )
  }

  @Test func foldedBackwardNeedsATrainingForward() throws {
    let folded = Sequential([try BatchNorm2D(channels: 2), ReLU()])
    let x = Tensor(shape: [2, 2, 3, 3], repeating: 1)
    _ = try folded.forward(x, mode: .inference)
    #expect(throws: NetworkError.self) { try folded.backward(x) }
  }
}
