import Dispatch
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabNetworks
import GlyphLabPipeline

/// Recognising while training, cheaply: fine-tunes only an encoder's final linear layer (the
/// embedding) on the glyphs people have settled, with the encoder's trunk frozen.
///
/// The trunk's output (everything before the final linear layer) of every corpus glyph and
/// reference is computed once (``TrunkFeatures``) and shared between the runs of an
/// experiment, so each adaptation is a few epochs of a linear layer and a cosine-softmax
/// head over cached vectors, then one matrix product to embed everything again: seconds, not
/// minutes, for 100,000 glyphs. The head starts from each class's mean embedding (weight
/// imprinting); the references train with the settled glyphs (when asked) so that classes
/// nobody has labelled keep their place.
public final class EncoderHeadAdapter: FeatureAdapter {
  /// The frozen trunk's outputs.
  public let trunk: TrunkFeatures
  /// The settings of each fine-tuning: epochs, learning rate, momentum, weight decay, batch
  /// size and head scale are used; the seed is replaced per round.
  public let settings: FineTuneSettings
  /// The corpus's number of classes.
  public let classCount: Int
  /// Whether fine-tuning also trains on the references, and whether they are class means.
  public let trainOnReferences: Bool
  public let referenceMeans: Bool
  /// The embedding layer being fine-tuned: weight `D × T`, bias `D`.
  public private(set) var weight: [Float]
  public private(set) var bias: [Float]

  public var name: String { "fine-tune-embedding" }

  /// An adapter over `trunk`, starting from `encoder`'s final linear layer.
  public init(
    encoder: TrainedEncoder, trunk: TrunkFeatures, settings: FineTuneSettings, classCount: Int,
    trainOnReferences: Bool = true, referenceMeans: Bool = true
  ) throws {
    guard let last = encoder.encoder.network.layers.last as? Linear else {
      throw EncoderError.invalidArgument(
        name: "adapt.layers", value: "1", reason: "the encoder \(encoder.path) does not end in a linear layer")
    }
    guard last.inputFeatures == trunk.dimension else {
      throw EncoderError.invalidArgument(
        name: "trunk", value: "\(trunk.dimension)", reason: "the linear layer takes \(last.inputFeatures) features")
    }
    self.trunk = trunk
    self.settings = settings
    self.classCount = classCount
    self.trainOnReferences = trainOnReferences
    self.referenceMeans = referenceMeans
    weight = last.weight.value.values
    bias = last.bias?.value.values ?? [Float](repeating: 0, count: last.outputFeatures)
  }

  /// Fine-tunes the embedding layer on the settled `glyphs` and embeds everything again.
  ///
  /// - Complexity: epochs × samples × (T·D + D·classes), then (glyphs + references) × T·D.
  public func adapt(glyphs: [Int], labels: [Int32], round: Int, seed: UInt64) throws -> AdaptedFeatures? {
    guard !glyphs.isEmpty else { return nil }
    let start = DispatchTime.now().uptimeNanoseconds
    var inputs = try trunk.corpus.rows(at: glyphs)
    var targets = labels.map(Int.init)
    if trainOnReferences, let references = trunk.references {
      inputs = try Matrix.stacking([inputs, references])
      targets += trunk.referenceLabels.map(Int.init)
    }
    var generator = SeededGenerator(seed: seed).derived("fine-tune-embedding-\(round)")
    let d = bias.count
    let linear = try Linear(
      inputFeatures: trunk.dimension, outputFeatures: d, generator: generator.derived("linear"))
    linear.weight.value = try Tensor(shape: [d, trunk.dimension], values: weight)
    linear.bias?.value = try Tensor(shape: [d], values: bias)
    let head = try CosineSoftmaxLoss(
      features: d, classes: classCount, scale: settings.scale, generator: generator.derived("head"))
    head.weight.value = try imprint(linear: linear, inputs: inputs, targets: targets, dimension: d)
    let optimizer = try SGD(
      parameters: linear.parameters + head.parameters, learningRate: settings.learningRate,
      momentum: settings.momentum, weightDecay: settings.weightDecay)
    let batch = max(1, settings.batchSize)
    for _ in 0..<settings.epochs {
      var order = Array(0..<inputs.rows)
      generator.shuffle(&order)
      var from = 0
      while from < order.count {
        let rows = Array(order[from..<min(order.count, from + batch)])
        optimizer.zeroGradients()
        let x = Tensor(inputs.gathering(rows: rows))
        _ = try head.forward(try linear.forward(x, mode: .training), labels: rows.map { targets[$0] })
        _ = try linear.backward(try head.backward(), needsInputGradient: false)
        try optimizer.step()
        from += batch
      }
    }
    weight = linear.weight.value.values
    bias = linear.bias?.value.values ?? bias
    let features = try embed(trunk.corpus, with: linear)
    var references: Matrix?
    if let trunkReferences = trunk.references {
      let embedded = try embed(trunkReferences, with: linear)
      let set = try ReferenceSet(features: embedded, labels: trunk.referenceLabels, forms: trunk.referenceForms)
      references = referenceMeans ? try set.classMeans().features : set.features
    }
    return AdaptedFeatures(
      features: features, references: references,
      seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }

  /// Each class's mean unit-length embedding (zero for classes without samples).
  func imprint(linear: Linear, inputs: Matrix, targets: [Int], dimension d: Int) throws -> Tensor {
    let embedded = try embed(inputs, with: linear)
    var sums = [Float](repeating: 0, count: classCount * d)
    for (i, c) in targets.enumerated() where c >= 0 && c < classCount {
      for (j, v) in embedded.row(i).enumerated() { sums[c * d + j] += v }
    }
    return try Tensor(shape: [classCount, d], values: sums)
  }

  /// Unit-length `linear(x)` for each row of `x`, in blocks of 8,192 rows written into the
  /// result as they are computed (one result matrix, not the blocks and then their stacking:
  /// for a million glyphs, half a gigabyte less while it runs). A streamed `x` is read one
  /// block at a time.
  func embed(_ x: any TrunkRowSource, with linear: Linear) throws -> Matrix {
    let d = linear.outputFeatures
    var out = Matrix(rows: x.rows, columns: d)
    try x.forEachBlock(rows: 8192) { range, rows in
      let block = try linear.forward(Tensor(rows), mode: .inference).matrix
      guard block.rows == range.count, block.columns == d else {
        throw EncoderError.invalidArgument(
          name: "embedding", value: "\(block.rows)×\(block.columns)",
          reason: "the linear layer should give \(range.count)×\(d)")
      }
      block.withUnsafeBufferPointer { values in
        out.withUnsafeMutableBufferPointer { all in
          _ = UnsafeMutableBufferPointer(rebasing: all[(range.lowerBound * d)..<(range.upperBound * d)])
            .update(fromContentsOf: values)
        }
      }
    }
    out.normalizeRows()
    return out
  }
}
