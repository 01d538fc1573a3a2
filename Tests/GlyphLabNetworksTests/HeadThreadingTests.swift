import GlyphLabCore
import Testing

@testable import GlyphLabNetworks

/// The cosine-softmax head and SGD split their rows and elements across threads. Each
/// chunk computes its outputs in a serial loop's order, so the values must equal a plain
/// serial computation bit for bit, whatever the thread count.
@Suite("cosine-softmax head and SGD across threads", .serialized)
struct HeadThreadingTests {
  /// One forward, backward and SGD step of a head big enough to be cut into chunks.
  static func step(threads: Int) throws -> (loss: Float, input: [Float], weight: [Float], gradient: [Float]) {
    let saved = BLAS.threadCount
    defer { BLAS.threadCount = saved }
    BLAS.threadCount = threads
    var generator = SeededGenerator(seed: 11)
    let (n, d, c) = (37, 24, 1_500)
    let head = try CosineSoftmaxLoss(features: d, classes: c, scale: 16, generator: generator.derived("head"))
    let x = try Tensor(shape: [n, d], values: (0..<(n * d)).map { _ in Float.random(in: -1...1, using: &generator) })
    let labels = (0..<n).map { _ in Int.random(in: 0..<c, using: &generator) }
    let result = try head.forward(x, labels: labels)
    let dx = try head.backward(upstream: 1)
    let gradient = head.weight.gradient.values
    let sgd = try SGD(parameters: head.parameters, learningRate: 0.1, momentum: 0.9, weightDecay: 5e-4, nesterov: true)
    try sgd.step()
    try sgd.step()
    return (result.loss, dx.values, head.weight.value.values, gradient)
  }

  /// How many elements differ (the arrays are too long to print when a test fails).
  static func differences(_ a: [Float], _ b: [Float]) -> Int {
    a.count == b.count ? zip(a, b).filter { $0.bitPattern != $1.bitPattern }.count : max(a.count, b.count)
  }

  @Test func theThreadCountChangesNothing() throws {
    let one = try Self.step(threads: 1)
    for threads in [2, 3] {
      let other = try Self.step(threads: threads)
      #expect(one.loss == other.loss, "loss at \(threads) threads")
      #expect(Self.differences(one.input, other.input) == 0, "input gradient at \(threads) threads")
      #expect(Self.differences(one.gradient, other.gradient) == 0, "weight gradient at \(threads) threads")
      #expect(Self.differences(one.weight, other.weight) == 0, "weights after SGD at \(threads) threads")
    }
  }

  /// The head's weight gradient equals the serial formula `(dy − y (y·dy)) / ‖v‖` added to
  /// what was accumulated before, element by element.
  @Test func theWeightGradientIsTheSerialFormula() throws {
    var generator = SeededGenerator(seed: 3)
    let (rows, d) = (700, 40)
    let v = (0..<(rows * d)).map { _ in Float.random(in: -1...1, using: &generator) }
    let dy = (0..<(rows * d)).map { _ in Float.random(in: -1...1, using: &generator) }
    let before = (0..<(rows * d)).map { _ in Float.random(in: -1...1, using: &generator) }
    let (y, norms) = CosineSoftmaxLoss.normalizeRows(v, rows: rows, columns: d)
    var expected = before
    var serialY = v
    for i in 0..<rows {
      var s: Float = 0
      for j in 0..<d { s += v[i * d + j] * v[i * d + j] }
      let norm = max(s.squareRoot(), 1e-12)
      #expect(norms[i] == norm)
      for j in 0..<d { serialY[i * d + j] /= norm }
      var dot: Float = 0
      for j in 0..<d { dot += serialY[i * d + j] * dy[i * d + j] }
      for j in 0..<d { expected[i * d + j] += (dy[i * d + j] - serialY[i * d + j] * dot) / norm }
    }
    #expect(Self.differences(y, serialY) == 0)
    var accumulated = before
    accumulated.withUnsafeMutableBufferPointer { out in
      CosineSoftmaxLoss.normalizationBackward(dy, normalized: y, norms: norms, rows: rows, columns: d, addingInto: out)
    }
    #expect(Self.differences(accumulated, expected) == 0)
  }
}
