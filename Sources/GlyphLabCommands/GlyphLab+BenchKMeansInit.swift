import ArgumentParser
import GlyphLabBench
import GlyphLabCore

extension GlyphLab.Bench {
  /// `glyphlab bench kmeans-init`: greedy k-means++ seeding alone.
  struct KMeansInit: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "kmeans-init",
      abstract: "Greedy k-means++ seeding (2 + ln k local trials) of the points, without Lloyd iterations.",
      discussion: """
        Reads the first --points rows of a float32 2-D HDF5 dataset (--file, --dataset), or makes \
        seeded synthetic points. Prints seconds and the seeding's potential (as `inertia`); \
        Benchmarks/peers/sklearn_peer.py kmeans-init times scikit-learn's kmeans_plusplus the same way.
        """)
    @OptionGroup var options: BenchOptions
    @OptionGroup var input: BenchInputOptions
    @Option(help: "Points to seed from (default: 100,000, or every row of --file).") var points: Int?
    @Option(help: "Columns of the synthetic points (ignored with --file).") var dim: Int = 64
    @Option(name: .customShort("k"), help: "Centres to choose.") var k: Int = 1024

    func validate() throws {
      for (name, value) in [("points", points ?? 1), ("dim", dim), ("k", k)] where value < 1 {
        throw ValidationError("--\(name) must be at least 1, got \(value)")
      }
    }

    func run() throws {
      let data = try input.rows(count: points, defaultCount: 100_000, dimension: dim, seed: options.seed)
      print(try options.clusteringBenchmark.kmeansPlusPlus(points: data, k: k, seed: options.seed).jsonLine())
    }
  }
}
