import Foundation
import GlyphLabCore
import Testing

@testable import GlyphLabNetworks

@Suite("optimisers and schedules")
struct OptimizerTests {
  /// A parameter with a fixed gradient, and a copy for a second optimiser.
  static func parameters() -> [Parameter] {
    var g = SeededGenerator(seed: 1)
    return (0..<2).map { i in
      let p = Parameter(name: "p\(i)", value: GradientCheck.random([3, 4], &g))
      p.gradient = GradientCheck.random([3, 4], &g)
      return p
    }
  }

  static func copy(_ parameters: [Parameter]) -> [Parameter] {
    parameters.map { p in
      let c = Parameter(name: p.name, value: p.value)
      c.gradient = p.gradient
      return c
    }
  }

  /// Two steps in one optimiser equal one step, a checkpoint of the state, and one step in
  /// a fresh optimiser that loaded it.
  func checkResume(_ make: ([Parameter]) throws -> any Optimizer) throws {
    let a = Self.parameters()
    let b = Self.copy(a)
    let first = try make(a)
    try first.step()
    try first.step()
    let second = try make(b)
    try second.step()
    let state = second.state
    let resumed = try make(b)
    try resumed.loadState(state)
    try resumed.step()
    #expect(a.map(\.value) == b.map(\.value))
  }

  @Test func sgdResumesFromItsState() throws {
    try checkResume { try SGD(parameters: $0, learningRate: 0.1, momentum: 0.9, weightDecay: 1e-3) }
  }

  @Test func adamResumesFromItsState() throws {
    try checkResume { try Adam(parameters: $0, learningRate: 0.01, weightDecay: 1e-3) }
  }

  @Test func frozenParametersAreNotUpdated() throws {
    let ps = Self.parameters()
    ps[0].isTrainable = false
    let before = ps.map(\.value)
    try SGD(parameters: ps, learningRate: 0.1, momentum: 0.9).step()
    #expect(ps[0].value == before[0])
    #expect(ps[1].value != before[1])
  }

  @Test func badHyperParametersAreRefused() {
    #expect(throws: NetworkError.self) { try SGD(parameters: [], learningRate: 0) }
    #expect(throws: NetworkError.self) { try Adam(parameters: [], learningRate: -1) }
    #expect(throws: NetworkError.self) { try Adam(parameters: [], beta1: 1) }
    #expect(throws: NetworkError.self) { try StepSchedule(baseRate: 0.1, stepSize: 0) }
    #expect(throws: NetworkError.self) { try CosineSchedule(baseRate: 0.1, totalSteps: 0) }
  }

  @Test func schedulesFollowPyTorch() throws {
    let step = try StepSchedule(baseRate: 0.1, stepSize: 3, gamma: 0.5)
    #expect([0, 2, 3, 6, 7].map { step.learningRate(at: $0) } == [0.1, 0.1, 0.05, 0.025, 0.025])
    let cosine = try CosineSchedule(baseRate: 1, totalSteps: 4, minimumRate: 0.2)
    // PyTorch CosineAnnealingLR: η_min + (η_max − η_min)(1 + cos(π t / T)) / 2.
    for t in 0...4 {
      let expected = 0.2 + 0.8 * (1 + cos(Double.pi * Double(t) / 4)) / 2
      #expect(abs(Double(cosine.learningRate(at: t)) - expected) < 1e-6)
    }
    #expect(cosine.learningRate(at: 10) == 0.2)
    let warm = try WarmupSchedule(warmupSteps: 4, startFactor: 0.25, then: cosine)
    #expect(warm.learningRate(at: 0) == 0.25)
    #expect(warm.learningRate(at: 2) == 0.625)
    #expect(warm.learningRate(at: 4) == cosine.learningRate(at: 0))
    #expect(warm.learningRate(at: 6) == cosine.learningRate(at: 2))
  }

  @Test func backwardWithoutForwardIsAnError() throws {
    let conv = try Conv2D(inputChannels: 1, outputChannels: 1, kernelSize: 3, generator: SeededGenerator(seed: 1))
    #expect(throws: NetworkError.backwardWithoutForward(layer: "Conv2D(1→1)")) {
      _ = try conv.backward(Tensor(shape: [1, 1, 1, 1]))
    }
    let encoder = try EncoderArchitecture.conv4(inputSize: 16).build(seed: 1)
    #expect(throws: NetworkError.self) { _ = try encoder.forward(Tensor(shape: [2, 1, 32, 32]), mode: .inference) }
    _ = try encoder.forward(Tensor(shape: [2, 1, 16, 16]), mode: .inference)
    #expect(throws: NetworkError.self) { try encoder.backward(Tensor(shape: [2, 128])) }
  }
}
