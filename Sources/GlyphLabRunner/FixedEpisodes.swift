import GlyphLabDatasets
import GlyphLabHDF5
import GlyphLabStrategies

/// Episodes a dataset carries under `/episodes/<name>/` (Datasets/README.md), so published
/// few-shot protocols run exactly as published: three int32 vectors of one length M, one
/// entry per (episode, image) membership:
///
/// - `row`: the image (dataset row, 0..<N),
/// - `episode`: its episode, 0..<E (every index used),
/// - `role`: 0 = support, 1 = query.
///
/// An image's class is its `/labels` entry. Every episode must have a support row for each
/// class its queries use, at least one query, and no labelled −1 image.
public enum FixedEpisodes {
  /// The names under `/episodes` in `path` (empty when it has none).
  public static func names(path: String) throws -> [String] {
    let file = try wrapping(path: path, "cannot open") { try HDF5File(path: path, mode: .readOnly) }
    guard file.exists("episodes"), file.isGroup("episodes") else { return [] }
    return try wrapping(path: path, "cannot list /episodes") {
      try file.openGroup("episodes").childNames().sorted()
    }
  }

  /// The episodes `name` of `path`, checked against the dataset's `labels` (its first
  /// `glyphs` rows are in use). Throws a ``DatasetError`` naming the file and the problem.
  public static func read(path: String, name: String, labels: [Int32], glyphs: Int) throws -> [Episode] {
    func fail(_ reason: String) -> DatasetError { DatasetError(path: path, reason: "/episodes/\(name): \(reason)") }
    let file = try wrapping(path: path, "cannot open") { try HDF5File(path: path, mode: .readOnly) }
    guard file.exists("episodes"), file.isGroup("episodes"), try file.openGroup("episodes").exists(name) else {
      let known = (try? names(path: path)) ?? []
      throw fail("missing (the dataset has \(known.isEmpty ? "no fixed episodes" : known.joined(separator: ", ")))")
    }
    func vector(_ field: String) throws -> [Int32] {
      try wrapping(path: path, "cannot read /episodes/\(name)/\(field)") {
        let dataset = try file.openDataset("episodes/\(name)/\(field)")
        try dataset.requireType(Int32.self)
        guard try dataset.shape().count == 1 else { throw fail("\(field) must be one-dimensional") }
        return try dataset.read(as: Int32.self)
      }
    }
    let rows = try vector("row")
    let episodes = try vector("episode")
    let roles = try vector("role")
    guard rows.count == episodes.count, rows.count == roles.count, !rows.isEmpty else {
      throw fail(
        "row, episode and role must have one equal, non-zero length (\(rows.count), \(episodes.count), \(roles.count))")
    }
    if let i = rows.firstIndex(where: { $0 < 0 || Int($0) >= glyphs }) {
      throw fail("entry \(i) names image \(rows[i]), outside the \(glyphs) glyphs in use")
    }
    if let i = roles.firstIndex(where: { $0 != 0 && $0 != 1 }) {
      throw fail("entry \(i) has role \(roles[i]); roles are 0 (support) or 1 (query)")
    }
    guard let maxEpisode = episodes.max(), episodes.allSatisfy({ $0 >= 0 }) else {
      throw fail("episode indices must be non-negative")
    }
    var list = (0...Int(maxEpisode)).map {
      Episode(index: $0, classes: [], supportRows: [], supportLabels: [], queryRows: [], queryLabels: [])
    }
    for i in rows.indices {
      let row = Int(rows[i])
      let label = labels[row]
      guard label >= 0 else { throw fail("entry \(i) names image \(row), whose label is −1 (unknown)") }
      let e = Int(episodes[i])
      if roles[i] == 0 {
        list[e].supportRows.append(row)
        list[e].supportLabels.append(label)
        if !list[e].classes.contains(label) { list[e].classes.append(label) }
      } else {
        list[e].queryRows.append(row)
        list[e].queryLabels.append(label)
      }
    }
    for episode in list {
      guard !episode.supportRows.isEmpty, !episode.queryRows.isEmpty else {
        throw fail(
          "episode \(episode.index) has \(episode.supportRows.count) support and \(episode.queryRows.count) query images; each needs both"
        )
      }
      if let missing = episode.queryLabels.first(where: { !episode.classes.contains($0) }) {
        throw fail("episode \(episode.index) has a query of class \(missing) but no support image of that class")
      }
    }
    return list
  }

  /// Runs `body`, turning an error that is not a ``DatasetError`` into one about `path`.
  static func wrapping<R>(path: String, _ doing: String, _ body: () throws -> R) throws -> R {
    do {
      return try body()
    } catch let error as DatasetError {
      throw error
    } catch {
      throw DatasetError(path: path, reason: "\(doing): \(error)")
    }
  }

  /// Writes episodes `name` into an existing dataset file (for tests and converters):
  /// `members` lists (row, episode, role) with role 0 = support, 1 = query.
  public static func write(path: String, name: String, members: [(row: Int32, episode: Int32, role: Int32)]) throws {
    let file = try HDF5File(path: path, mode: .readWrite)
    let group = file.exists("episodes") ? try file.openGroup("episodes") : try file.createGroup("episodes")
    let target = try group.createGroup(name)
    for (field, values) in [
      ("row", members.map(\.row)), ("episode", members.map(\.episode)), ("role", members.map(\.role)),
    ] {
      let dataset = try target.createDataset(field, of: Int32.self, shape: [values.count])
      try dataset.write(values)
    }
    try file.flush()
  }
}
