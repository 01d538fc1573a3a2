import ArgumentParser
import GlyphLabBench
import GlyphLabCore

/// Where a clustering benchmark reads its points: a float32 2-D HDF5 dataset, or seeded
/// synthetic points when no file is given.
struct BenchInputOptions: ParsableArguments {
  @Option(help: "An HDF5 file with a float32 points × features dataset (default: synthetic points).")
  var file: String?

  @Option(help: "The dataset path inside --file.")
  var dataset: String = BenchmarkData.defaultDataset

  /// The first `count` rows of the file (all of them if `count` is nil), or `count ??
  /// defaultCount` synthetic rows of `dimension` columns for `seed`.
  func rows(count: Int?, defaultCount: Int, dimension: Int, seed: UInt64) throws -> Matrix {
    guard let file else {
      return BenchmarkData.synthetic(rows: count ?? defaultCount, dimension: dimension, seed: seed)
    }
    let all = try BenchmarkData.load(path: file, dataset: dataset)
    guard let count else { return all }
    guard count <= all.rows else {
      throw ValidationError("\(file):\(dataset) has \(all.rows) rows, fewer than the \(count) asked for")
    }
    return all.rows(0..<count)
  }
}
