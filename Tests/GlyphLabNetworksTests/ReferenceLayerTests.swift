import GlyphLabCore
import GlyphLabTestSupport
import Testing

@testable import GlyphLabNetworks

/// Every layer and loss against PyTorch 1.13's values in ../shared/reference/convnet.json.
@Suite("networks match PyTorch 1.13")
struct ReferenceLayerTests {
  static func reference() throws -> [String: Any] { try ReferenceJSON.load("convnet.json") }

  static func layer(_ name: String) throws -> [String: Any] {
    let layers = try reference()["layers"] as? [[String: Any]] ?? []
    guard let layer = layers.first(where: { $0["name"] as? String == name }) else {
      throw NetworkError.invalidArgument(name: "reference layer", value: name, reason: "not in convnet.json")
    }
    return layer
  }

  static func parameter(_ layer: [String: Any], _ name: String, _ key: String) throws -> Tensor {
    let parameters = layer["parameters"] as? [String: Any] ?? [:]
    let entry = parameters[name] as? [String: Any] ?? [:]
    return try TensorChecks.tensor(entry[key])
  }

  /// Runs forward in training mode and backward with the reference upstream gradient, and
  /// checks output, input gradient and the named parameter gradients.
  func check(_ name: String, _ layer: any Layer, parameters: [(String, Parameter)]) throws {
    let reference = try Self.layer(name)
    for (key, p) in parameters { p.value = try Self.parameter(reference, key, "value") }
    let input = try TensorChecks.tensor(reference["input"])
    let output = try layer.forward(input, mode: .training)
    TensorChecks.expectMatch(output, try TensorChecks.tensor(reference["output"]), "\(name) output")
    layer.zeroGradients()
    let gradient = try layer.backward(try TensorChecks.tensor(reference["upstream"]))
    TensorChecks.expectMatch(gradient, try TensorChecks.tensor(reference["grad_input"]), "\(name) input gradient")
    for (key, p) in parameters {
      TensorChecks.expectMatch(p.gradient, try Self.parameter(reference, key, "grad"), "\(name) \(key) gradient")
    }
  }

  @Test func convolutionStride1() throws {
    let conv = try Conv2D(
      inputChannels: 3, outputChannels: 4, kernelSize: 3, padding: 1, generator: SeededGenerator(seed: 0))
    try check("conv3x3_pad1", conv, parameters: [("w", conv.weight), ("b", conv.bias!)])
  }

  @Test func convolutionStride2() throws {
    let conv = try Conv2D(
      inputChannels: 3, outputChannels: 5, kernelSize: 3, stride: 2, padding: 1, generator: SeededGenerator(seed: 0))
    try check("conv3x3_stride2_pad1", conv, parameters: [("w", conv.weight), ("b", conv.bias!)])
  }

  @Test func batchNormTraining() throws {
    let bn = try BatchNorm2D(channels: 3)
    try check("batchnorm_train", bn, parameters: [("w", bn.weight), ("b", bn.bias)])
  }

  @Test func relu() throws { try check("relu", ReLU(), parameters: []) }
  @Test func maxPool() throws { try check("maxpool2", try MaxPool2D(kernelSize: 2), parameters: []) }
  @Test func globalAveragePool() throws { try check("global_avgpool", GlobalAvgPool(), parameters: []) }

  @Test func linear() throws {
    let linear = try Linear(inputFeatures: 10, outputFeatures: 6, generator: SeededGenerator(seed: 0))
    try check("linear", linear, parameters: [("w", linear.weight), ("b", linear.bias!)])
  }

  func checkLoss(_ name: String, _ loss: any Loss, parameters: [(String, Parameter)]) throws {
    let reference = try Self.layer(name)
    for (key, p) in parameters { p.value = try Self.parameter(reference, key, "value") }
    let labels = ReferenceJSON.ints(reference["labels"])
    let result = try loss.forward(try TensorChecks.tensor(reference["input"]), labels: labels)
    TensorChecks.expectMatch(
      Tensor(shape: [1], repeating: result.loss), try TensorChecks.tensor(reference["output"]), "\(name) loss")
    let upstream = try TensorChecks.tensor(reference["upstream"]).values[0]
    let gradient = try loss.backward(upstream: upstream)
    TensorChecks.expectMatch(gradient, try TensorChecks.tensor(reference["grad_input"]), "\(name) input gradient")
    for (key, p) in parameters {
      TensorChecks.expectMatch(p.gradient, try Self.parameter(reference, key, "grad"), "\(name) \(key) gradient")
    }
  }

  @Test func crossEntropy() throws { try checkLoss("cross_entropy", SoftmaxCrossEntropy(), parameters: []) }

  @Test func cosineSoftmax() throws {
    let loss = try CosineSoftmaxLoss(features: 8, classes: 6, scale: 10, generator: SeededGenerator(seed: 0))
    try checkLoss("cosine_softmax_scale10", loss, parameters: [("w", loss.weight)])
  }
}
