import GlyphLabCore

/// Seeded Gaussian blobs for clustering tests: `clusters` centres spread far apart, and
/// `perCluster` points around each with standard deviation `spread`.
struct Blobs {
  var points: Matrix
  var labels: [Int32]
  var centres: Matrix

  init(clusters: Int, perCluster: Int, dimension: Int, spread: Double = 0.5, separation: Double = 20, seed: UInt64) {
    var generator = SeededGenerator(seed: seed)
    let centres = Matrix(rows: clusters, columns: dimension) { _, _ in
      Float((generator.uniformDouble() * 2 - 1) * separation)
    }
    var labels = [Int32]()
    var values = [Float]()
    // Interleave the blobs so that the first rows are not all from one cluster.
    for _ in 0..<perCluster {
      for c in 0..<clusters {
        labels.append(Int32(c))
        for j in 0..<dimension { values.append(centres[c, j] + Float(generator.normal() * spread)) }
      }
    }
    self.points =
      (try? Matrix(rows: clusters * perCluster, columns: dimension, elements: values))
      ?? Matrix(rows: 0, columns: dimension)
    self.labels = labels
    self.centres = centres
  }
}

/// Σ‖x − mean(cluster)‖² of a labeling, by the definition, in Double.
func naiveInertia(_ points: Matrix, _ labels: [Int32]) -> Double {
  let k = Int(labels.max() ?? -1) + 1
  var sums = [[Double]](repeating: [Double](repeating: 0, count: points.columns), count: k)
  var counts = [Int](repeating: 0, count: k)
  for i in 0..<points.rows {
    counts[Int(labels[i])] += 1
    for j in 0..<points.columns { sums[Int(labels[i])][j] += Double(points[i, j]) }
  }
  var total = 0.0
  for i in 0..<points.rows {
    let c = Int(labels[i])
    for j in 0..<points.columns {
      let diff = Double(points[i, j]) - sums[c][j] / Double(counts[c])
      total += diff * diff
    }
  }
  return total
}
