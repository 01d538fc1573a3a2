import ArgumentParser
import GlyphLabBench
import GlyphLabCore

extension GlyphLab {
  /// `glyphlab bench`: kernel benchmarks, one JSON line each.
  struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Benchmark GlyphLab's kernels; each prints one JSON line.",
      subcommands: [Gemm.self, Distances.self, TopK.self])
  }
}

/// Options every benchmark takes.
struct BenchOptions: ParsableArguments {
  @OptionGroup var blas: BLASOptions

  @Option(name: .customLong("repeat"), help: "Timed repetitions after one warm-up.")
  var repetitions: Int = 5

  @Option(help: "Seed for the random inputs.")
  var seed: UInt64 = 42

  @Option(help: "Working memory for one distance tile, in bytes (default 4 MiB).")
  var tileBytes: Int?

  func validate() throws {
    if repetitions < 1 { throw ValidationError("--repeat must be at least 1, got \(repetitions)") }
  }

  var benchmark: KernelBenchmark {
    blas.apply()
    return KernelBenchmark(repetitions: repetitions, seed: seed, tileBytes: tileBytes)
  }
}

extension GlyphLab.Bench {
  struct Gemm: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Square SGEMM rate (GFLOP/s).")
    @OptionGroup var options: BenchOptions
    @Option(help: "Matrix size n for n×n · n×n.") var size: Int = 2048

    func validate() throws {
      if size < 1 { throw ValidationError("--size must be at least 1, got \(size)") }
    }

    func run() throws {
      print(try options.benchmark.gemm(m: size, n: size, k: size).jsonLine())
    }
  }

  struct Distances: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Blocked distances fused with per-row argmin.")
    @OptionGroup var options: BenchOptions
    @Option(help: "Query rows.") var queries: Int = 100_000
    @Option(help: "Reference rows.") var references: Int = 1024
    @Option(help: "Columns.") var dim: Int = 64
    @Option(help: "sqeuclidean or cosine.") var metric: DistanceMetric = .squaredEuclidean

    func validate() throws {
      for (name, value) in [("queries", queries), ("references", references), ("dim", dim)] where value < 1 {
        throw ValidationError("--\(name) must be at least 1, got \(value)")
      }
    }

    func run() throws {
      print(
        try options.benchmark.distances(
          queries: queries, references: references, dim: dim, metric: metric
        ).jsonLine())
    }
  }

  struct TopK: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "topk", abstract: "Blocked distances fused with per-row top-k.")
    @OptionGroup var options: BenchOptions
    @Option(help: "Query rows.") var queries: Int = 100_000
    @Option(help: "Reference rows.") var references: Int = 10_000
    @Option(help: "Columns.") var dim: Int = 64
    @Option(name: .customShort("k"), help: "Neighbours per query.") var k: Int = 10
    @Option(help: "sqeuclidean or cosine.") var metric: DistanceMetric = .squaredEuclidean

    func validate() throws {
      for (name, value) in [("queries", queries), ("references", references), ("dim", dim), ("k", k)] where value < 1 {
        throw ValidationError("--\(name) must be at least 1, got \(value)")
      }
    }

    func run() throws {
      print(
        try options.benchmark.topK(
          queries: queries, references: references, dim: dim, k: k, metric: metric
        ).jsonLine())
    }
  }
}

extension DistanceMetric: ExpressibleByArgument {}
