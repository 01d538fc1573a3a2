import ArgumentParser
import GlyphLabBench
import GlyphLabCore
import GlyphLabFiles
import GlyphLabRunLog
import GlyphLabRunner

extension GlyphLab.Bench {
  struct MakeData: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "make-data",
      abstract: "Write benchmark points to an HDF5 file, for GlyphLab and its peers.",
      discussion: """
        Without --from: seeded synthetic points (a Gaussian mixture, or uniform with \
        --distribution uniform) at --dataset. With --from \
        DATASET.h5: that GlyphLab dataset's glyphs as features, built by the experiments' one \
        feature path (the features.* keys below), with their labels at /labels, so the \
        estimator benchmarks (`bench cluster`, `bench fewshot`) and scikit-learn read the same \
        real points.
        """)
    @Option(name: [.customLong("out"), .customShort("o")], help: "The HDF5 file to write.") var out: String
    @OptionGroup var replacing: OverwriteOptions
    @OptionGroup var blas: BLASOptions
    @Option(help: "Dataset path inside the file.") var dataset: String = BenchmarkData.defaultDataset
    @Option(help: "Rows: 110,000 serves k-means (first 100,000) and kNN (10,000 + 100,000).") var rows: Int = 110_000
    @Option(help: "Columns.") var dim: Int = 64
    @Option(help: "Seed for the points (and for a PCA sample with --from).") var seed: UInt64 = 42
    @Option(help: "Without --from: mixture (256 Gaussian centres) or uniform (U(0, 1) coordinates).")
    var distribution: BenchmarkData.Distribution = .mixture
    @Option(help: "A GlyphLab dataset (.h5) whose glyphs become the points, with their labels.") var from: String?
    @Option(help: "With --from: features.kind (pixels, hog, ...).") var features: String = "hog"
    @Option(help: "With --from: features.hog_cell.") var hogCell: Int = 6
    @Option(help: "With --from: features.hog_block.") var hogBlock: Int = 2
    @Option(help: "With --from: features.downsample (pixels).") var downsample: Int = 1
    @Option(help: "With --from: features.pca (0 = none).") var pca: Int = 0
    @Flag(help: "With --from: features.normalize (unit-length rows).") var normalize = false
    @Option(help: "With --from: the first N glyphs (0 = all).") var limit: Int = 0

    func validate() throws {
      for (name, value) in [("rows", rows), ("dim", dim)] where value < 1 {
        throw ValidationError("--\(name) must be at least 1, got \(value)")
      }
      if limit < 0 { throw ValidationError("--limit must be at least 0, got \(limit)") }
    }

    func run() throws {
      blas.apply()
      try replacing.check(
        OutputPlan(outputs: [OutputTarget(out, kind: .hdf5(format: BenchmarkData.formatName), role: "benchmark data")]))
      guard let from else {
        let points = BenchmarkData.synthetic(rows: rows, dimension: dim, seed: seed, distribution: distribution)
        try BenchmarkData.write(points, to: out, dataset: dataset, seed: seed, generator: distribution.generator)
        print(
          "{\"dataset\":\"\(dataset)\",\"dim\":\(dim),\"distribution\":\"\(distribution.rawValue)\","
            + "\"file\":\"\(out)\",\"rows\":\(rows),\"seed\":\(seed)}")
        return
      }
      var values: [String: ParameterValue] = [:]
      for definition in FeatureSpec.parameters() {
        if let value = definition.defaultValue { values[definition.key] = value }
      }
      values["features.kind"] = .string(features)
      values["features.hog_cell"] = .int(hogCell)
      values["features.hog_block"] = .int(hogBlock)
      values["features.downsample"] = .int(downsample)
      values["features.pca"] = .int(pca)
      values["features.normalize"] = .bool(normalize)
      values["dataset.path"] = .string(from)
      let parameters = ResolvedParameters(values: values, target: 0.975)
      let built = try FeatureBuilder.features(
        datasetPath: from, limit: limit, spec: try FeatureSpec(parameters: parameters), parameters: parameters,
        seed: seed)
      try BenchmarkData.write(
        built.features, to: out, dataset: dataset, seed: seed, labels: built.labels,
        generator:
          "glyphlab bench make-data --from \(from): \(built.extractor) of \(built.datasetName) (\(built.source))")
      print(
        "{\"dataset\":\"\(dataset)\",\"dim\":\(built.features.columns),\"file\":\"\(out)\","
          + "\"rows\":\(built.features.rows),\"features\":\"\(built.extractor)\"}")
    }
  }
}

extension BenchmarkData.Distribution: ExpressibleByArgument {}
