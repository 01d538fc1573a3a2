import Foundation
import GlyphLabCore
import GlyphLabHDF5
import GlyphLabPipeline
import GlyphLabRunLog
import GlyphLabRunner

/// The cost model fitted from measured actions (`glyphlab calibrate`): seconds per action
/// type, and a grid's base and per-glyph cost, each with a t-interval.
///
/// - type and confirm: the mean measured seconds of those actions.
/// - correct look: the mean seconds of corrections minus the fitted typing time (a correction
///   is a look, then typing), its standard error combining both.
/// - grid: ordinary least squares of a grid's seconds, less the typing time when its label was
///   typed, on [1, members, marked] (base, per glyph, mark wrong). Columns that do not vary
///   are left out, and their costs stay unfitted.
///
/// Means, not medians: the ledger adds the costs up, so the expected time is what fits it.
/// Undone actions are left out. An unfitted cost keeps the standard model's value.
public struct CostCalibration: Sendable, Equatable {
  /// Fitted costs by spec key (`type`, `confirm`, `correct_look`, `cluster_base`,
  /// `cluster_per_glyph`, `mark_wrong`).
  public var estimates: [String: CostEstimate]
  /// The actions used.
  public var actions: Int
  /// The interval's confidence.
  public var confidence: Double

  /// The spec keys, in the model's order.
  public static let keys = ["type", "confirm", "correct_look", "cluster_base", "cluster_per_glyph", "mark_wrong"]

  /// Fits `actions` (undone ones are skipped). Throws when no action type has at least two
  /// measurements.
  public init(actions: [TimedAction], confidence: Double = 0.95) throws {
    let kept = actions.filter { !$0.undone }
    self.actions = kept.count
    self.confidence = confidence
    var estimates: [String: CostEstimate] = [:]
    func seconds(_ action: AnnotationAction) -> [Double] { kept.filter { $0.action == action }.map(\.seconds) }
    let type = Self.mean(seconds(.type), confidence: confidence)
    estimates["type"] = type
    estimates["confirm"] = Self.mean(seconds(.confirm), confidence: confidence)
    let typing = type?.seconds ?? AnnotationCostModel.standard.typeSeconds
    let corrections = seconds(.correct)
    if let correct = Self.mean(corrections, confidence: confidence) {
      let look = correct.seconds - typing
      var spread = (correct.high - correct.seconds)
      if let type { spread = (spread * spread + (type.high - type.seconds) * (type.high - type.seconds)).squareRoot() }
      estimates["correct_look"] = CostEstimate(
        seconds: look, low: look - spread, high: look + spread, count: corrections.count)
    }
    let grids = kept.filter { $0.action == .verifyCluster }
    if !grids.isEmpty {
      let y = grids.map { g in g.seconds - (g.label >= 0 && g.label != g.suggestion ? typing : 0) }
      let columns: [(key: String, values: [Double])] = [
        ("cluster_base", grids.map { _ in 1 }), ("cluster_per_glyph", grids.map { Double($0.members.count) }),
        ("mark_wrong", grids.map { Double($0.rejected.count) }),
      ]
      let used = columns.enumerated().filter { i, column in i == 0 || Set(column.values).count > 1 }.map(\.element)
      if let fit = Self.leastSquares(y: y, columns: used.map(\.values), confidence: confidence) {
        for (column, estimate) in zip(used, fit) { estimates[column.key] = estimate }
      }
    }
    guard !estimates.isEmpty else {
      throw AnnotationError(
        "no action type has 2 or more timed actions (\(kept.count) actions in all): nothing to calibrate")
    }
    self.estimates = estimates
  }

  /// Reads the timed actions of every annotation run in the run logs at `paths`. Throws
  /// naming the file when one is not an annotation log or holds no timed actions.
  public static func actions(fromLogs paths: [String]) throws -> [TimedAction] {
    var all: [TimedAction] = []
    for path in paths {
      let reader = try RunLogReader(path: path)
      guard reader.header.kind == AnnotationRunLog.kind else {
        throw AnnotationError("\(path) is a `\(reader.header.kind)` log; calibrate reads annotation logs")
      }
      let file = try HDF5File(path: path, mode: .readOnly)
      var found = 0
      for entry in try reader.entries() {
        let group = RunLogLayout.runGroup(entry.id)
        guard file.exists(group) else { continue }
        let actions = try ActionTable.read(from: try file.openGroup(group))
        found += actions.count
        all += actions
      }
      guard found > 0 else { throw AnnotationError("\(path) holds no timed actions") }
    }
    return all
  }

  /// The cost model: fitted values, and `fallback`'s for the rest.
  public func costModel(fallback: AnnotationCostModel = .standard) -> AnnotationCostModel {
    func value(_ key: String, _ standard: Double) -> Double { max(0, estimates[key]?.seconds ?? standard) }
    return AnnotationCostModel(
      typeSeconds: value("type", fallback.typeSeconds), confirmSeconds: value("confirm", fallback.confirmSeconds),
      correctLookSeconds: value("correct_look", fallback.correctLookSeconds),
      clusterBaseSeconds: value("cluster_base", fallback.clusterBaseSeconds),
      clusterPerGlyphSeconds: value("cluster_per_glyph", fallback.clusterPerGlyphSeconds),
      markWrongSeconds: value("mark_wrong", fallback.markWrongSeconds))
  }

  /// The costs file a pipeline spec reads with `costs: FILE`.
  public func yaml(source: String) -> String {
    let model = costModel()
    let values: [String: Double] = [
      "type": model.typeSeconds, "confirm": model.confirmSeconds, "correct_look": model.correctLookSeconds,
      "cluster_base": model.clusterBaseSeconds, "cluster_per_glyph": model.clusterPerGlyphSeconds,
      "mark_wrong": model.markWrongSeconds,
    ]
    func number(_ x: Double) -> String { String(format: "%.4f", x) }
    var text = "# The annotation cost model, fitted by `glyphlab calibrate` from measured sessions.\n"
    text += "# A pipeline spec uses it with `costs: <this file>`; seconds of expert time.\n"
    text += "source: \"\(source.replacingOccurrences(of: "\"", with: "'"))\"\n"
    text += "actions: \(actions)\n"
    text += "costs:\n"
    for key in Self.keys { text += "  \(key): \(number(values[key] ?? 0))\n" }
    text += "# \(Int((confidence * 100).rounded()))% t-intervals and the actions each rests on.\n"
    text += "intervals:\n"
    for key in Self.keys {
      guard let e = estimates[key] else { continue }
      text += "  \(key): {low: \(number(e.low)), high: \(number(e.high)), actions: \(e.count)}\n"
    }
    let unfitted = Self.keys.filter { estimates[$0] == nil }
    text += "# Not measured: the standard model's value.\n"
    text += "unfitted: [\(unfitted.joined(separator: ", "))]\n"
    return text
  }

  static func mean(_ values: [Double], confidence: Double) -> CostEstimate? {
    guard values.count >= 2, let t = StudentT.intervalMultiplier(confidence: confidence, count: values.count) else {
      return nil
    }
    let n = Double(values.count)
    let m = values.reduce(0, +) / n
    let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
    let half = t * (variance / n).squareRoot()
    return CostEstimate(seconds: m, low: m - half, high: m + half, count: values.count)
  }

  /// OLS of `y` on `columns`, with t-intervals; nil when there are too few rows or the
  /// columns are collinear.
  static func leastSquares(y: [Double], columns: [[Double]], confidence: Double) -> [CostEstimate]? {
    let n = y.count
    let p = columns.count
    guard n > p else { return nil }
    // Normal equations, solved with their inverse by Gauss-Jordan elimination.
    var a = [[Double]](repeating: [Double](repeating: 0, count: 2 * p), count: p)
    var b = [Double](repeating: 0, count: p)
    for i in 0..<p {
      for j in 0..<p { a[i][j] = zip(columns[i], columns[j]).reduce(0) { $0 + $1.0 * $1.1 } }
      a[i][p + i] = 1
      b[i] = zip(columns[i], y).reduce(0) { $0 + $1.0 * $1.1 }
    }
    for c in 0..<p {
      guard let pivot = (c..<p).max(by: { abs(a[$0][c]) < abs(a[$1][c]) }), abs(a[pivot][c]) > 1e-9 else {
        return nil
      }
      a.swapAt(c, pivot)
      let scale = a[c][c]
      for j in 0..<(2 * p) { a[c][j] /= scale }
      for r in 0..<p where r != c {
        let factor = a[r][c]
        if factor != 0 { for j in 0..<(2 * p) { a[r][j] -= factor * a[c][j] } }
      }
    }
    let inverse = a.map { Array($0[p...]) }
    let beta = (0..<p).map { i in (0..<p).reduce(0) { $0 + inverse[i][$1] * b[$1] } }
    var residual = 0.0
    for r in 0..<n {
      let fitted = (0..<p).reduce(0) { $0 + beta[$1] * columns[$1][r] }
      residual += (y[r] - fitted) * (y[r] - fitted)
    }
    let sigma2 = residual / Double(n - p)
    let t = StudentT.quantile(0.5 + confidence / 2, degreesOfFreedom: Double(n - p))
    return (0..<p).map { i in
      let half = t * (sigma2 * inverse[i][i]).squareRoot()
      return CostEstimate(seconds: beta[i], low: beta[i] - half, high: beta[i] + half, count: n)
    }
  }
}
