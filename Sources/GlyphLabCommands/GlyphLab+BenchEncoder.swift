import ArgumentParser
import GlyphLabBench
import GlyphLabCore
import GlyphLabNetworks

extension EncoderArchitecture.Family: ExpressibleByArgument {}
extension EncoderArchitecture.Head: ExpressibleByArgument {}

extension GlyphLab.Bench {
  struct Encoder: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "encoder",
      abstract: "Encoder training and inference images/s, GFLOP/s and the ratio to SGEMM.",
      discussion: """
        Prints two JSON lines, encoder_inference and encoder_train (forward, backward and an SGD \
        step), for one batch of seeded random images. The default is the benchmark Conv-4: four \
        blocks of 3×3 convolution, batch norm, ReLU and 2×2 max-pool with 64 channels, flattened \
        and linear to 128, at 32×32, batch 128. GFLOP/s counts the convolutions and linear layers; \
        gemm_ratio divides it by an n×n SGEMM (--gemm-size) measured in the same process. \
        Benchmarks/peers/torch_peer.py runs the same network in PyTorch.
        """)
    @OptionGroup var options: BenchOptions
    @Option(help: "conv4 or resnet.") var family: EncoderArchitecture.Family = .conv4
    @Option(help: "Channels per block (conv4) or stage (resnet), comma-separated.") var channels: String =
      "64,64,64,64"
    @Option(help: "Image height and width.") var inputSize: Int = 32
    @Option(help: "flatten or global_avg_pool (resnet always pools).") var head: EncoderArchitecture.Head = .flatten
    @Option(help: "Embedding size (the final linear layer).") var embedding: Int = 128
    @Option(help: "ResNet basic blocks per stage.") var blocksPerStage: Int = 1
    @Option(help: "Images per batch.") var batch: Int = 128
    @Option(help: "SGEMM size for the reference rate; 0 skips it.") var gemmSize: Int = 2048
    @Flag(help: "Also print the milliseconds of each layer's forward and backward pass.") var profile = false

    var channelList: [Int]? {
      let parts = channels.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
      return parts.contains(nil) || parts.isEmpty ? nil : parts.compactMap { $0 }
    }

    var architecture: EncoderArchitecture {
      get throws {
        guard let list = channelList else {
          throw ValidationError("--channels must be comma-separated positive integers, got \(channels)")
        }
        let a: EncoderArchitecture =
          family == .conv4
          ? .conv4(inputSize: inputSize, channels: list, head: head, embeddingDimension: embedding)
          : .resnet(inputSize: inputSize, channels: list, blocksPerStage: blocksPerStage, embeddingDimension: embedding)
        do {
          try a.validate()
        } catch {
          throw ValidationError("\(error)")
        }
        return a
      }
    }

    func validate() throws {
      for (name, value) in [("batch", batch), ("input-size", inputSize)] where value < 1 {
        throw ValidationError("--\(name) must be at least 1, got \(value)")
      }
      if gemmSize < 0 { throw ValidationError("--gemm-size must be non-negative, got \(gemmSize)") }
      _ = try architecture
    }

    func run() throws {
      let kernels = options.benchmark
      let architecture = try architecture
      let bench = EncoderBenchmark(repetitions: options.repetitions, seed: options.seed)
      // The encoder runs first, so the peak memory of its lines is the network's alone.
      let measured = try bench.run(architecture: architecture, batch: batch, gemmGFLOPS: nil)
      var results = measured
      if gemmSize > 0 {
        let gemm = try kernels.gemm(m: gemmSize, n: gemmSize, k: gemmSize)
        for i in results.indices {
          results[i].gemmRatio = gemm.gflops.flatMap { g in results[i].gflops.map { $0 / g } }
        }
        print(gemm.jsonLine())
      }
      for result in results { print(result.jsonLine()) }
      if profile {
        let layers = try bench.profile(architecture: architecture, batch: batch)
        let fields = layers.map {
          "\"\($0.layer)\": [\(($0.forward * 1000).rounded() / 1000), \(($0.backward * 1000).rounded() / 1000)]"
        }
        print(
          "{\"benchmark\": \"encoder_profile\", \"milliseconds_forward_backward\": {\(fields.joined(separator: ", "))}}"
        )
      }
    }
  }
}
