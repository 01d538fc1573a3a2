import ArgumentParser
import GlyphLabBench
import GlyphLabCore
import GlyphLabStrategies

extension GlyphLab.Bench {
  struct Cluster: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "cluster",
      abstract: "One clustering method of the clustering kind on labelled points, scored by ARI.",
      discussion: """
        Reads the first --points rows of --file (a float32 points dataset and int32 /labels, as \
        `bench make-data --from DATASET` writes) and times the whole clustering call. \
        Benchmarks/peers/sklearn_peer.py cluster runs scikit-learn's estimator with the same \
        arguments: AgglomerativeClustering(linkage=ward|average), DBSCAN(eps, min_samples), \
        MiniBatchKMeans(n_clusters, batch_size).
        """)
    @OptionGroup var options: BenchOptions
    @Option(help: "An HDF5 file with float32 points and int32 labels.") var file: String
    @Option(help: "The points dataset inside --file.") var dataset: String = BenchmarkData.defaultDataset
    @Option(help: "The labels dataset inside --file.") var labels: String = BenchmarkData.defaultLabels
    @Option(help: "The clustering method.") var method: ClusteringAlgorithm
    @Option(help: "Points to cluster (default: every row).") var points: Int?
    @Option(name: .customShort("k"), help: "Clusters (k-means family, agglomerative; 0 = the classes).") var k: Int = 0
    @Option(help: "DBSCAN's radius (Euclidean).") var eps: Float = 0.5
    @Option(help: "DBSCAN's core-point count.") var minSamples: Int = 5
    @Option(help: "Mini-batch size.") var batchSize: Int = 1024

    func validate() throws {
      for (name, value) in [("points", points ?? 1), ("min-samples", minSamples), ("batch-size", batchSize)]
      where value < 1 {
        throw ValidationError("--\(name) must be at least 1, got \(value)")
      }
      if k < 0 { throw ValidationError("-k must be at least 0, got \(k)") }
      if !(eps > 0) || !eps.isFinite { throw ValidationError("--eps must be positive, got \(eps)") }
    }

    func run() throws {
      let all = try BenchmarkData.load(path: file, dataset: dataset)
      let allLabels = try BenchmarkData.loadLabels(path: file, dataset: labels)
      guard allLabels.count == all.rows else {
        throw ValidationError("\(file): \(labels) has \(allLabels.count) labels for \(all.rows) rows of \(dataset)")
      }
      let count = points ?? all.rows
      guard count <= all.rows else {
        throw ValidationError("\(file):\(dataset) has \(all.rows) rows, fewer than the \(count) asked for")
      }
      let truth = Array(allLabels.prefix(count))
      var settings = ClusteringAlgorithm.Options(clusters: k > 0 ? k : Set(truth.filter { $0 >= 0 }).count)
      settings.eps = eps
      settings.minSamples = minSamples
      settings.batchSize = batchSize
      settings.seed = options.seed
      let benchmark = EstimatorBenchmark(repetitions: options.repetitions)
      options.blas.apply()
      print(try benchmark.cluster(method, options: settings, points: all.rows(0..<count), labels: truth).jsonLine())
    }
  }
}

extension ClusteringAlgorithm: ExpressibleByArgument {}
