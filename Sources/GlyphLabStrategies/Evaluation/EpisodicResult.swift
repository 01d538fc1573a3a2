import Foundation
import GlyphLabCore

/// Per-episode accuracies of several methods on the same episodes, with their confidence
/// intervals and the paired differences between every two methods.
public struct EpisodicResult: Sendable, Equatable {
  /// One method's summary over the episodes.
  public struct MethodSummary: Sendable, Equatable {
    /// The method's name.
    public var name: String
    /// Mean query accuracy per episode, with its confidence interval.
    public var accuracy: ConfidenceInterval
    /// Mean query log loss per episode (−log of the probability given to the true class,
    /// clipped at 1e-15 as scikit-learn's `log_loss`), with its confidence interval: lower
    /// is better calibrated and more accurate.
    public var logLoss: ConfidenceInterval
  }

  /// The accuracy difference `first − second` on the same episodes.
  public struct PairedDifference: Sendable, Equatable {
    /// The first method's name.
    public var first: String
    /// The second method's name.
    public var second: String
    /// The mean over episodes of (accuracy of first − accuracy of second), with its
    /// interval. Pairing removes the episode-to-episode variation both methods share, so
    /// this interval is much narrower than the two accuracy intervals suggest.
    public var difference: ConfidenceInterval
  }

  /// N, K and Q of the episodes.
  public var ways: Int
  /// K: support rows per class.
  public var shots: Int
  /// Q: query rows per class.
  public var queriesPerClass: Int
  /// The episode seed.
  public var seed: UInt64
  /// The method names, in the order given.
  public var methods: [String]
  /// `accuracies[m][e]`: method m's query accuracy on episode e.
  public var accuracies: [[Double]]
  /// `logLosses[m][e]`: method m's mean query log loss on episode e.
  public var logLosses: [[Double]]
  /// One summary per method, in ``methods`` order.
  public var summaries: [MethodSummary]
  /// Every pair (i < j) of methods, in order.
  public var pairedDifferences: [PairedDifference]
  /// Queries each method classified per second of its own fit-and-predict time (one
  /// thread; support fitting included), in ``methods`` order; empty when not measured. A
  /// measurement, not a result: ``==`` ignores it.
  public var queriesPerSecond: [Double] = []

  /// Equal results: everything but the timing (``queriesPerSecond``) agrees.
  public static func == (lhs: EpisodicResult, rhs: EpisodicResult) -> Bool {
    lhs.ways == rhs.ways && lhs.shots == rhs.shots && lhs.queriesPerClass == rhs.queriesPerClass
      && lhs.seed == rhs.seed && lhs.methods == rhs.methods && lhs.accuracies == rhs.accuracies
      && lhs.logLosses == rhs.logLosses && lhs.summaries == rhs.summaries
      && lhs.pairedDifferences == rhs.pairedDifferences
  }

  /// Summarises per-episode values. Throws when there are no episodes or the arrays do not
  /// match the methods.
  ///
  /// - Complexity: O(m²·e).
  public init(
    ways: Int, shots: Int, queriesPerClass: Int, seed: UInt64, methods: [String],
    accuracies: [[Double]], logLosses: [[Double]], level: Double = 0.95,
    interval: ConfidenceInterval.Method = .studentT
  ) throws {
    guard accuracies.count == methods.count, logLosses.count == methods.count else {
      throw GlyphLabError.shapeMismatch(
        operation: "EpisodicResult",
        detail: "\(methods.count) methods, \(accuracies.count) accuracy rows, \(logLosses.count) loss rows")
    }
    self.ways = ways
    self.shots = shots
    self.queriesPerClass = queriesPerClass
    self.seed = seed
    self.methods = methods
    self.accuracies = accuracies
    self.logLosses = logLosses
    summaries = try zip(methods.indices, methods).map { m, name in
      MethodSummary(
        name: name,
        accuracy: try ConfidenceInterval(values: accuracies[m], level: level, method: interval),
        logLoss: try ConfidenceInterval(values: logLosses[m], level: level, method: interval))
    }
    var pairs = [PairedDifference]()
    for a in methods.indices {
      for b in methods.indices where b > a {
        guard accuracies[a].count == accuracies[b].count else {
          throw GlyphLabError.shapeMismatch(
            operation: "EpisodicResult", detail: "methods \(a) and \(b) have different episode counts")
        }
        let differences = zip(accuracies[a], accuracies[b]).map { $0 - $1 }
        pairs.append(
          PairedDifference(
            first: methods[a], second: methods[b],
            difference: try ConfidenceInterval(values: differences, level: level, method: interval)))
      }
    }
    pairedDifferences = pairs
  }

  /// The number of episodes.
  public var episodes: Int { accuracies.first?.count ?? 0 }

  /// A plain-text table: one line per method (accuracy in percent ± half-width, log loss),
  /// then the paired differences.
  public var table: String {
    let width = max(6, methods.map(\.count).max() ?? 0)
    func pad(_ s: String) -> String { s.padding(toLength: width, withPad: " ", startingAt: 0) }
    func percent(_ ci: ConfidenceInterval) -> String {
      String(format: "%6.2f ± %4.2f", 100 * ci.mean, 100 * ci.halfWidth)
    }
    var lines = [
      "\(ways)-way \(shots)-shot, \(queriesPerClass) queries/class, \(episodes) episodes, seed \(seed)",
      "\(pad("method"))  accuracy %       log loss",
    ]
    for s in summaries {
      lines.append("\(pad(s.name))  \(percent(s.accuracy))  \(String(format: "%8.4f", s.logLoss.mean))")
    }
    if !pairedDifferences.isEmpty { lines.append("paired differences (accuracy %, first − second):") }
    for p in pairedDifferences {
      lines.append("  \(p.first) − \(p.second): \(percent(p.difference))")
    }
    return lines.joined(separator: "\n")
  }
}
