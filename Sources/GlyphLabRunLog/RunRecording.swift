/// Everything one run reported, as plain values: what the log writer stores in
/// `/runs/<run-id>/`.
public struct RunRecording: Sendable, Equatable {
  /// float64 summary attributes, e.g. "ari", "final_accuracy".
  public var scalars: [String: Double] = [:]
  /// int64 summary attributes, e.g. "rounds".
  public var integers: [String: Int] = [:]
  /// String summary attributes, e.g. "stop_reason".
  public var strings: [String: String] = [:]
  /// The per-round series, in the order they first appeared; all have ``rounds`` values.
  public var curves: [CurveSeries] = []
  /// The number of rounds (values per curve series).
  public var rounds = 0
  /// Per-episode accuracies by method, in the order set.
  public var episodes: [(method: String, accuracies: [Double])] = []
  /// The per-glyph predictions, if recorded.
  public var predictions: LoggedPredictions?
  /// The dataset the predictions refer to (stored once per log under `/datasets/<key>`), if
  /// recorded.
  public var dataset: LoggedDataset?

  /// An empty recording.
  public init() {}

  public static func == (lhs: RunRecording, rhs: RunRecording) -> Bool {
    lhs.scalars.count == rhs.scalars.count
      && lhs.scalars.allSatisfy { key, value in
        rhs.scalars[key].map { $0 == value || ($0.isNaN && value.isNaN) } ?? false
      }
      && lhs.integers == rhs.integers && lhs.strings == rhs.strings && lhs.rounds == rhs.rounds
      && lhs.curves.count == rhs.curves.count
      && zip(lhs.curves, rhs.curves).allSatisfy { a, b in
        a.name == b.name && a.isInteger == b.isInteger && a.integers == b.integers
          && a.doubles.count == b.doubles.count
          && zip(a.doubles, b.doubles).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
      }
      && lhs.episodes.map(\.method) == rhs.episodes.map(\.method)
      && lhs.episodes.map(\.accuracies) == rhs.episodes.map(\.accuracies)
      && lhs.predictions == rhs.predictions && lhs.dataset == rhs.dataset
  }
}
