import GlyphLabCore
import Testing

@testable import GlyphLabNetworks

@Suite("network smoke")
struct NetworkSmokeTests {
  @Test func conv4BuildsAndRunsForwardAndBackward() throws {
    let encoder = try EncoderArchitecture.conv4(inputSize: 32).build(seed: 1)
    let input = Tensor(shape: [2, 1, 32, 32], repeating: 0.5)
    let out = try encoder.forward(input, mode: .training)
    #expect(out.shape == [2, 128])
    try encoder.backward(Tensor(shape: [2, 128], repeating: 1))
    #expect(encoder.parameters.map(\.name).first == "0.weight")
  }
}
