import Foundation

/// One run of a synthetic run log: what `docs/run-log.md` says a run group holds.
struct SyntheticRun {
  /// The resolved parameters (dotted keys) as JSON literals, e.g. `"\"hybrid\""` or `"64"`.
  var parameters: [(key: String, json: String)]
  /// The swept keys among them.
  var sweptKeys: [String]
  var ablation: String
  var seed: Int
  var status = "complete"
  var error: String?
  /// float64 scalars (final_accuracy, efficiency, ..., NaN where the layout says so).
  var scalars: [String: Double] = [:]
  /// int64 scalars (total_labels, rounds).
  var integers: [String: Int] = [:]
  var stopReason: String?
  /// Per-round series; int64 ones in `integerCurves`.
  var curves: [String: [Double]] = [:]
  var integerCurves: [String: [Int]] = [:]
  var episodes: [String: [Double]] = [:]
  /// Per-glyph predictions (`predictions/`), if the run logged them.
  var predictions: SyntheticPredictions?
  /// Replaces the derived id (to model a log whose ids were computed differently).
  var idOverride: String?

  /// The `params` attribute: a JSON object with sorted keys.
  var paramsJSON: String {
    "{" + parameters.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.json)" }.joined(separator: ",") + "}"
  }

  /// The `sweep` attribute.
  var sweepJSON: String {
    "{"
      + parameters.filter { sweptKeys.contains($0.key) }.sorted { $0.key < $1.key }
      .map { "\"\($0.key)\":\($0.json)" }.joined(separator: ",") + "}"
  }

  /// A stable 16-hex-digit id from the parameters and seed (FNV-1a 64).
  var id: String {
    if let idOverride { return idOverride }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in (paramsJSON + "\u{0}" + ablation + "\u{0}" + String(seed)).utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
