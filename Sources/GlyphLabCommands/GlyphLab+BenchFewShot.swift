import ArgumentParser
import GlyphLabBench
import GlyphLabCore
import GlyphLabStrategies

extension GlyphLab.Bench {
  struct FewShot: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "fewshot",
      abstract: "One few-shot classifier on labelled points: fit on a support set, predict the queries.",
      discussion: """
        Reads --file (a float32 points dataset and int32 /labels, as `bench make-data --from \
        DATASET` writes); the support is the first --shots rows of every class in row order, the \
        queries the first --queries of the other rows. Times fit and predict as one call and \
        scores the query accuracy. Benchmarks/peers/sklearn_peer.py fewshot runs scikit-learn's \
        KNeighborsClassifier(n_neighbors=k), LogisticRegression(C=1, lbfgs) or \
        LabelSpreading(kernel="knn", n_neighbors=5, alpha=0.9) on the same split.
        """)
    @OptionGroup var options: BenchOptions
    @Option(help: "An HDF5 file with float32 points and int32 labels.") var file: String
    @Option(help: "The points dataset inside --file.") var dataset: String = BenchmarkData.defaultDataset
    @Option(help: "The labels dataset inside --file.") var labels: String = BenchmarkData.defaultLabels
    @Option(help: "knn, logistic-regression or label-propagation (any few-shot method runs).")
    var method: FewShotMethod
    @Option(help: "Support rows per class.") var shots: Int = 100
    @Option(help: "Query rows (default: all the others).") var queries: Int?
    @Option(name: .customShort("k"), help: "Neighbours (knn).") var k: Int = 1

    func validate() throws {
      for (name, value) in [("shots", shots), ("queries", queries ?? 1), ("k", k)] where value < 1 {
        throw ValidationError("--\(name) must be at least 1, got \(value)")
      }
    }

    func run() throws {
      let points = try BenchmarkData.load(path: file, dataset: dataset)
      let split = try LabelledSplit(
        points: points, labels: try BenchmarkData.loadLabels(path: file, dataset: labels), shots: shots,
        queries: queries)
      var settings = FewShotMethod.Options()
      settings.k = k
      settings.metric = .squaredEuclidean
      settings.seed = options.seed
      let benchmark = EstimatorBenchmark(repetitions: options.repetitions)
      options.blas.apply()
      print(try benchmark.fewShot(method, options: settings, split: split).jsonLine())
    }
  }
}

extension FewShotMethod: ExpressibleByArgument {}
