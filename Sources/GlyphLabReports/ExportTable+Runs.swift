extension ExportTable {
  /// One flat row per run of `snapshot`, in run-id order: `run_id`, `status`, `seed`,
  /// `ablation`, `error`, then every text attribute (`started_at`, `stop_reason`, ...) and
  /// every numeric summary attribute by name, then `params.<dotted.key>` for each resolved
  /// parameter. A run without a column's value has an empty cell.
  ///
  /// - Complexity: O(runs × columns).
  public static func runs(_ snapshot: RunLogSnapshot) -> ExportTable {
    let texts = Set(snapshot.runs.flatMap(\.texts.keys)).sorted()
    let scalars = Set(snapshot.runs.flatMap(\.scalars.keys)).subtracting(texts).sorted()
    let parameters = Set(snapshot.runs.flatMap { $0.parameters.map(\.key) }).sorted()
    let columns =
      ["run_id", "status", "seed", "ablation", "error"] + texts + scalars + parameters.map { "params.\($0)" }
    let rows = snapshot.runs.map { run -> [Cell] in
      var row: [Cell] = [
        .text(run.id), .text(run.status.rawValue), .number(Double(run.seed)), .text(run.ablation),
        run.error.map(Cell.text) ?? .null,
      ]
      row += texts.map { run.texts[$0].map(Cell.text) ?? .null }
      row += scalars.map { run.scalars[$0].map(Cell.number) ?? .null }
      let values = Dictionary(run.parameters.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
      row += parameters.map { values[$0].map(cell) ?? .null }
      return row
    }
    return ExportTable(columns: columns, rows: rows)
  }

  /// The budget curves as one tidy long table: one row per run and round, with `run_id`,
  /// `seed`, `ablation`, `params.<dotted.key>` for the parameters that differ between runs
  /// (all of them with `allParameters`), `round`, and one column per curve series.
  ///
  /// - Complexity: O(runs × rounds × columns).
  public static func curves(_ snapshot: RunLogSnapshot, allParameters: Bool = false) -> ExportTable {
    let runs = snapshot.runs.filter { !$0.curves.isEmpty }
    let series = Set(runs.flatMap(\.curves.keys)).subtracting(["round"]).sorted()
    var parameters = Set(runs.flatMap { $0.parameters.map(\.key) }).sorted()
    if !allParameters {
      parameters = parameters.filter { key in
        Set(runs.map { run in run.parameters.first { $0.key == key }?.value.json ?? "" }).count > 1
      }
    }
    let columns = ["run_id", "seed", "ablation"] + parameters.map { "params.\($0)" } + ["round"] + series
    var rows: [[Cell]] = []
    for run in runs {
      let values = Dictionary(run.parameters.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
      let fixed: [Cell] =
        [.text(run.id), .number(Double(run.seed)), .text(run.ablation)]
        + parameters.map { values[$0].map(cell) ?? .null }
      let count = run.curves.values.map(\.count).max() ?? 0
      let rounds = run.curves["round"]
      for index in 0..<count {
        var row = fixed
        row.append(.number(rounds.flatMap { index < $0.count ? $0[index] : nil } ?? Double(index)))
        row += series.map { name in run.curves[name].flatMap { index < $0.count ? .number($0[index]) : nil } ?? .null }
        rows.append(row)
      }
    }
    return ExportTable(columns: columns, rows: rows)
  }
}
