import GlyphLabHDF5
import GlyphLabPipeline
import GlyphLabRunLog

/// The `annotations` group of an annotation run's group in the run log: one row per
/// ``TimedAction``, as parallel 1-D datasets (documented in docs/run-log.md). Members and
/// marked glyphs are ragged: flat `*_glyphs` datasets with `*_offsets` (rows + 1 values).
public enum ActionTable {
  /// The group's name inside the run group (the run log's layout names it, with the columns
  /// the report reads: action, seconds, undone).
  public static let group = RunLogLayout.annotations

  /// Writes `actions` into `run` (replacing an older table); nothing when there are none.
  public static func write(_ actions: [TimedAction], into run: HDF5Group) throws {
    try run.remove(group)
    guard !actions.isEmpty else { return }
    let table = try run.createGroup(group)
    let n = actions.count
    try table.setAttribute("rows", n)
    try table.createStringDataset("kind", values: actions.map(\.kind.rawValue))
    try table.createStringDataset(RunLogLayout.Annotations.action, values: actions.map(\.action.rawValue))
    try ints(table, "query", actions.map(\.queryID))
    try ints(table, "round", actions.map(\.round))
    try ints(table, "glyph", actions.map { $0.members.first ?? -1 })
    try ints(table, "members", actions.map(\.members.count))
    try ints(table, "rejected", actions.map(\.rejected.count))
    try ragged(table, "member", actions.map(\.members))
    try ragged(table, "rejected", actions.map(\.rejected))
    try table.createDataset("suggestion", of: Int32.self, shape: [n]).write(actions.map(\.suggestion))
    try table.createDataset("label", of: Int32.self, shape: [n]).write(actions.map(\.label))
    for (name, values) in [
      ("modelled_seconds", actions.map(\.modelledSeconds)), (RunLogLayout.Annotations.seconds, actions.map(\.seconds)),
      ("first_input_seconds", actions.map(\.firstInputSeconds)), ("server_seconds", actions.map(\.serverSeconds)),
      ("shown_at", actions.map(\.shownAt)),
    ] {
      try table.createDataset(name, of: Double.self, shape: [n]).write(values)
    }
    try table.createDataset(RunLogLayout.Annotations.undone, of: UInt8.self, shape: [n]).write(
      actions.map { $0.undone ? 1 : 0 })
  }

  /// Reads the table of `run` (empty when it has none). Throws naming the dataset when the
  /// table is inconsistent.
  public static func read(from run: HDF5Group) throws -> [TimedAction] {
    guard run.exists(group) else { return [] }
    let table = try run.openGroup(group)
    let n = try table.intAttribute("rows")
    func column<T: HDF5Scalar>(_ name: String, _ type: T.Type) throws -> [T] {
      let values = try table.openDataset(name).read(as: type)
      guard values.count == n else { throw bad("\(name) has \(values.count) values for \(n) rows") }
      return values
    }
    func strings(_ name: String) throws -> [String] {
      let values = try table.openDataset(name).readStrings()
      guard values.count == n else { throw bad("\(name) has \(values.count) values for \(n) rows") }
      return values
    }
    let kinds = try strings("kind")
    let actionNames = try strings(RunLogLayout.Annotations.action)
    let queries = try column("query", Int64.self)
    let rounds = try column("round", Int64.self)
    let members = try raggedRead(table, "member", rows: n)
    let rejected = try raggedRead(table, "rejected", rows: n)
    let suggestions = try column("suggestion", Int32.self)
    let labels = try column("label", Int32.self)
    let modelled = try column("modelled_seconds", Double.self)
    let seconds = try column(RunLogLayout.Annotations.seconds, Double.self)
    let first = try column("first_input_seconds", Double.self)
    let server = try column("server_seconds", Double.self)
    let shown = try column("shown_at", Double.self)
    let undone = try column(RunLogLayout.Annotations.undone, UInt8.self)
    return try (0..<n).map { i in
      guard let kind = AnnotationQuery.Kind(rawValue: kinds[i]) else { throw bad("kind[\(i)] is '\(kinds[i])'") }
      guard let action = AnnotationAction(rawValue: actionNames[i]) else {
        throw bad("action[\(i)] is '\(actionNames[i])'")
      }
      return TimedAction(
        queryID: Int(queries[i]), round: Int(rounds[i]), kind: kind, action: action, members: members[i],
        suggestion: suggestions[i], label: labels[i], rejected: rejected[i], modelledSeconds: modelled[i],
        seconds: seconds[i], firstInputSeconds: first[i], serverSeconds: server[i], shownAt: shown[i],
        undone: undone[i] != 0)
    }
  }

  static func ints(_ table: HDF5Group, _ name: String, _ values: [Int]) throws {
    try table.createDataset(name, of: Int64.self, shape: [values.count]).write(values.map(Int64.init))
  }

  static func ragged(_ table: HDF5Group, _ name: String, _ rows: [[Int]]) throws {
    var offsets: [Int] = [0]
    for row in rows { offsets.append(offsets[offsets.count - 1] + row.count) }
    try ints(table, "\(name)_offsets", offsets)
    let flat = rows.flatMap { $0 }
    if !flat.isEmpty { try ints(table, "\(name)_glyphs", flat) }
  }

  static func raggedRead(_ table: HDF5Group, _ name: String, rows n: Int) throws -> [[Int]] {
    let offsets = try table.openDataset("\(name)_offsets").read(as: Int64.self).map(Int.init)
    guard offsets.count == n + 1, offsets.first == 0 else { throw bad("\(name)_offsets has \(offsets.count) values") }
    let flat =
      table.exists("\(name)_glyphs") ? try table.openDataset("\(name)_glyphs").read(as: Int64.self).map(Int.init) : []
    guard offsets.last == flat.count, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
      throw bad("\(name)_offsets do not fit \(name)_glyphs (\(flat.count) values)")
    }
    return (0..<n).map { Array(flat[offsets[$0]..<offsets[$0 + 1]]) }
  }

  static func bad(_ detail: String) -> AnnotationError {
    AnnotationError("the run log's \(group) table is inconsistent: \(detail)")
  }
}
