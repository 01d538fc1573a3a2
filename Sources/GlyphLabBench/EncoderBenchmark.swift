import Dispatch
import Foundation
import GlyphLabCore
import GlyphLabNetworks

/// Times an encoder's training step (forward, backward, SGD step) and its inference pass
/// on seeded random images: `glyphlab bench encoder`.
///
/// The training step is the one `glyphlab train` runs: forward in training mode, softmax
/// cross-entropy over the embedding's outputs against seeded random labels, backward,
/// SGD with momentum 0.9 and weight decay 5e-4. Benchmarks/peers/torch_peer.py runs the same
/// network and step in PyTorch.
public struct EncoderBenchmark: Sendable {
  /// Timed repetitions after one warm-up (default 5).
  public var repetitions: Int
  /// Seed for the weights, images and labels.
  public var seed: UInt64

  public init(repetitions: Int = 5, seed: UInt64 = 42) {
    self.repetitions = max(1, repetitions)
    self.seed = seed
  }

  /// Two results, `encoder_inference` then `encoder_train`, with images per second,
  /// GFLOP/s of the convolutions and linear layers, and their ratio to `gemmGFLOPS`.
  public func run(
    architecture: EncoderArchitecture, batch: Int, gemmGFLOPS: Double?
  ) throws -> [BenchmarkResult] {
    let encoder = try architecture.build(seed: seed)
    var g = SeededGenerator(seed: seed).derived("bench-input")
    var input = Tensor(shape: [batch] + encoder.inputShape)
    for i in input.values.indices { input.values[i] = Float(g.next() >> 40) / Float(1 << 24) }
    let classes = max(1, encoder.embeddingDimension)
    let labels = (0..<batch).map { _ in Int(g.next() % UInt64(classes)) }
    let (inferenceFlops, trainingFlops) = try encoder.floatingPointOperations(batch: batch)
    let shape = [
      "batch": batch, "height": architecture.inputHeight, "width": architecture.inputWidth,
      "embedding": encoder.embeddingDimension,
    ]
    var checksum = 0.0
    let inferenceStart = Self.processCPUSeconds()
    let inferenceTimes = try BenchmarkResult.measure(repetitions: repetitions) {
      let out = try encoder.forward(input, mode: .inference)
      checksum = out.values.reduce(0.0) { $0 + Double($1) }
    }
    let inferenceCPU = (Self.processCPUSeconds() - inferenceStart) / Double(repetitions + 1)
    var inference = BenchmarkResult(
      "encoder_inference", shape: shape, times: inferenceTimes, flops: inferenceFlops, items: Double(batch),
      checksum: checksum)
    inference.architecture = architecture.description
    inference.gemmRatio = gemmGFLOPS.flatMap { g in inference.gflops.map { $0 / g } }
    inference.cpuSecondsPerRepetition = inferenceCPU

    let loss = SoftmaxCrossEntropy()
    let optimizer = try SGD(parameters: encoder.parameters, learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4)
    var lastLoss: Float = 0
    let trainingStart = Self.processCPUSeconds()
    let trainingTimes = try BenchmarkResult.measure(repetitions: repetitions) {
      optimizer.zeroGradients()
      lastLoss = try loss.forward(encoder.forward(input, mode: .training), labels: labels).loss
      try encoder.backward(loss.backward())
      try optimizer.step()
    }
    let trainingCPU = (Self.processCPUSeconds() - trainingStart) / Double(repetitions + 1)
    var training = BenchmarkResult(
      "encoder_train", shape: shape, times: trainingTimes, flops: trainingFlops, items: Double(batch),
      checksum: Double(lastLoss))
    training.architecture = architecture.description
    training.gemmRatio = gemmGFLOPS.flatMap { g in training.gflops.map { $0 / g } }
    training.cpuSecondsPerRepetition = trainingCPU
    return [inference, training]
  }

  /// User + system CPU seconds of the whole process so far.
  static func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }

  /// Milliseconds per top-level layer of one training step (forward and backward
  /// separately, best of the repetitions), in network order: where the time goes. With one
  /// thread this is the calling thread's CPU time (robust on a loaded machine, and it
  /// includes page faults); otherwise wall time.
  public func profile(
    architecture: EncoderArchitecture, batch: Int
  ) throws -> [(layer: String, forward: Double, backward: Double)] {
    let encoder = try architecture.build(seed: seed)
    var g = SeededGenerator(seed: seed).derived("bench-input")
    var input = Tensor(shape: [batch] + encoder.inputShape)
    for i in input.values.indices { input.values[i] = Float(g.next() >> 40) / Float(1 << 24) }
    let layers = encoder.network.layers
    var forward = [Double](repeating: .infinity, count: layers.count)
    var backward = [Double](repeating: .infinity, count: layers.count)
    let cpuTime = BLAS.threadCount == 1
    func now() -> Double {
      if cpuTime {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) * 1e3 + Double(ts.tv_nsec) / 1e6
      }
      return Double(DispatchTime.now().uptimeNanoseconds) / 1e6
    }
    for _ in 0...repetitions {
      var x = input
      for (i, layer) in layers.enumerated() {
        let t = now()
        x = try layer.forward(x, mode: .training)
        forward[i] = min(forward[i], now() - t)
      }
      var dy = Tensor(shape: x.shape, repeating: 1 / Float(x.count))
      for (i, layer) in layers.enumerated().reversed() {
        let t = now()
        dy = try layer.backward(dy, needsInputGradient: i > 0)
        backward[i] = min(backward[i], now() - t)
      }
    }
    return layers.enumerated().map { i, layer in ("\(i) \(type(of: layer))", forward[i], backward[i]) }
  }
}
