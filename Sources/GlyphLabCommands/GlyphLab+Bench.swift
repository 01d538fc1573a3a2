import ArgumentParser
import GlyphLabBench
import GlyphLabCore
import GlyphLabStrategies

extension GlyphLab {
  /// `glyphlab bench`: kernel benchmarks, one JSON line each.
  struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Benchmark GlyphLab's kernels; each prints one JSON line.",
      subcommands: [
        Gemm.self, Distances.self, TopK.self, KMeans.self, KMeansInit.self, KNN.self, Cluster.self, FewShot.self,
        Encoder.self,
        MakeData.self,
      ])
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

  var clusteringBenchmark: ClusteringBenchmark {
    blas.apply()
    return ClusteringBenchmark(repetitions: repetitions)
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

extension GlyphLab.Bench {
  struct KMeans: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "kmeans",
      abstract: "K-means (Lloyd) for a fixed number of iterations from the first k points.",
      discussion: """
        Reads the first --points rows of a float32 2-D HDF5 dataset (--file, --dataset), or makes \
        seeded synthetic points (the same as `bench make-data`). Prints seconds, seconds per \
        iteration and the inertia; Benchmarks/peers/ run faiss and scikit-learn the same way.
        """)
    @OptionGroup var options: BenchOptions
    @OptionGroup var input: BenchInputOptions
    @Option(help: "Points to cluster (default: 100,000, or every row of --file).") var points: Int?
    @Option(help: "Columns of the synthetic points (ignored with --file).") var dim: Int = 64
    @Option(name: .customShort("k"), help: "Clusters.") var k: Int = 1024
    @Option(help: "Lloyd iterations per run (tolerance 0).") var iterations: Int = 10
    @Option(help: "The E-step: exact, or inverted (approximate, over --lists groups of centres).")
    var assignment: KMeansAssignment.Kind = .exact
    @Option(help: "Inverted assignment: groups of centres (default ⌈√k⌉).") var lists: Int?
    @Option(help: "Inverted assignment: groups searched per point.") var probes: Int = 8

    func validate() throws {
      for (name, value) in [("points", points ?? 1), ("dim", dim), ("k", k), ("iterations", iterations)] where value < 1
      {
        throw ValidationError("--\(name) must be at least 1, got \(value)")
      }
      if assignment == .inverted {
        _ = try InvertedCentreIndex.checkedLists(centres: k, lists: lists, probes: probes)
      }
    }

    func run() throws {
      let data = try input.rows(count: points, defaultCount: 100_000, dimension: dim, seed: options.seed)
      let e = KMeansAssignment(kind: assignment, lists: lists, probes: probes)
      print(
        try options.clusteringBenchmark.kmeans(
          points: data, k: k, iterations: iterations, seed: options.seed, assignment: e
        ).jsonLine())
    }
  }

  struct KNN: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "knn",
      abstract: "Brute-force k nearest neighbours (squared Euclidean) of every query.",
      discussion: """
        The base set is the first --references rows of the input, the queries the --queries rows \
        after them (default: all the rest of --file, or 100,000 synthetic rows). The checksum is \
        the sum of the returned squared distances.
        """)
    @OptionGroup var options: BenchOptions
    @OptionGroup var input: BenchInputOptions
    @Option(help: "Query rows (default: 100,000, or the rest of --file).") var queries: Int?
    @Option(help: "Base (reference) rows.") var references: Int = 10_000
    @Option(help: "Columns of the synthetic points (ignored with --file).") var dim: Int = 64
    @Option(name: .customShort("k"), help: "Neighbours per query.") var k: Int = 10

    func validate() throws {
      for (name, value) in [("queries", queries ?? 1), ("references", references), ("dim", dim), ("k", k)]
      where value < 1 {
        throw ValidationError("--\(name) must be at least 1, got \(value)")
      }
    }

    func run() throws {
      let all = try input.rows(
        count: queries.map { references + $0 }, defaultCount: references + 100_000, dimension: dim, seed: options.seed)
      guard all.rows > references else {
        throw ValidationError("the input has \(all.rows) rows, not more than --references \(references)")
      }
      let base = all.rows(0..<references)
      let queryRows = all.rows(references..<all.rows)
      print(try options.clusteringBenchmark.knn(queries: queryRows, base: base, k: k).jsonLine())
    }
  }
}

extension DistanceMetric: ExpressibleByArgument {}
extension KMeansAssignment.Kind: ExpressibleByArgument {}
