import GlyphLabCore
import GlyphLabStrategies

/// Members of each cluster, ordered from the most central (the medoid, or the member
/// nearest the cluster mean) outwards. Noise (−1) is left out.
struct ClusterIndex {
  var members: [[Int]]
  var membersByCentrality: [[Int]]

  init(_ clusters: ClusteringResult, features: Matrix) throws {
    let k = clusters.clusterCount
    var members = [[Int]](repeating: [], count: k)
    for (i, c) in clusters.labels.enumerated() where c >= 0 { members[Int(c)].append(i) }
    self.members = members
    var ordered: [[Int]] = []
    ordered.reserveCapacity(k)
    for (c, list) in members.enumerated() {
      guard list.count > 1 else {
        ordered.append(list)
        continue
      }
      let points = features.gathering(rows: list)
      let center: Matrix
      if let medoid = clusters.medoids?[c] {
        center = features.rows(medoid..<(medoid + 1))
      } else {
        center = try Matrix(rows: 1, columns: features.columns, elements: points.columnMeans())
      }
      let distances = try DistanceKernel().distances(queries: points, references: center).elements
      ordered.append(
        list.indices.sorted { distances[$0] != distances[$1] ? distances[$0] < distances[$1] : list[$0] < list[$1] }.map
        { list[$0] })
    }
    membersByCentrality = ordered
  }

  /// Cluster ids, largest first; equal sizes in a seeded order.
  func bySize(generator: inout SeededGenerator) -> [Int] {
    let keys = members.map { _ in generator.next() }
    return members.indices.sorted { a, b in
      members[a].count != members[b].count ? members[a].count > members[b].count : keys[a] < keys[b]
    }
  }

  /// Clusters with at least one labelled member.
  func coveredClusters(labeled: [Int]) -> Set<Int> {
    var index: [Int: Int] = [:]
    for (c, list) in members.enumerated() { for i in list { index[i] = c } }
    return Set(labeled.compactMap { index[$0] })
  }
}
