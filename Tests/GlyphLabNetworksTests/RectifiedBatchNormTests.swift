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

  @Test func foldedBackwardNeedsATrainingForward() throws {
    let folded = Sequential([try BatchNorm2D(channels: 2), ReLU()])
    let x = Tensor(shape: [2, 2, 3, 3], repeating: 1)
    _ = try folded.forward(x, mode: .inference)
    #expect(throws: NetworkError.self) { try folded.backward(x) }
  }
}
