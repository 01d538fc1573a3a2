import Foundation
import GlyphLabCore

extension Predictions {
  /// Predictions from class distances (`queries × classes`, lower is better): each label is
  /// the nearest class (the lowest class index on ties) and each probability row is
  /// softmax(−β·distance), computed in double precision with the row minimum subtracted so
  /// nothing overflows. β = 0 gives uniform probabilities while the labels still follow the
  /// distances.
  ///
  /// - Complexity: O(q·c).
  init(distances: Matrix, classes: [Int32], inverseTemperature beta: Double) {
    self = Predictions.softmax(distances, sign: -1, scale: beta, classes: classes)
  }

  /// Predictions from logits (`queries × classes`, higher is better): labels are the argmax
  /// (lowest class index on ties), probabilities the softmax.
  ///
  /// - Complexity: O(q·c).
  init(logits: Matrix, classes: [Int32]) {
    self = Predictions.softmax(logits, sign: 1, scale: 1, classes: classes)
  }

  /// Predictions from non-negative class scores (votes, propagated mass): each row is
  /// divided by its sum, and a row that sums to zero becomes uniform (the classifier has no
  /// evidence for any class). Labels are the argmax (lowest class index on ties) unless
  /// `labels` is given.
  ///
  /// - Complexity: O(q·c).
  init(nonNegativeScores scores: Matrix, classes: [Int32], labels: [Int32]? = nil) {
    let q = scores.rows
    let c = scores.columns
    var probabilities = Matrix(rows: q, columns: c)
    var argmax = [Int](repeating: 0, count: q)
    scores.withUnsafeBufferPointer { s in
      probabilities.withUnsafeMutableBufferPointer { p in
        for i in 0..<q {
          var total = 0.0
          var best = 0
          for j in 0..<c {
            let v = Double(s[i * c + j])
            total += v
            if s[i * c + j] > s[i * c + best] { best = j }
          }
          argmax[i] = best
          for j in 0..<c {
            p[i * c + j] = total > 0 ? Float(Double(s[i * c + j]) / total) : Float(1 / Double(c))
          }
        }
      }
    }
    self.init(
      classes: classes, labels: labels ?? argmax.map { classes[$0] }, probabilities: probabilities)
  }

  /// The softmax of `sign·scale·values` along rows; labels are the best `sign·values`.
  private static func softmax(
    _ values: Matrix, sign: Float, scale: Double, classes: [Int32]
  ) -> Predictions {
    let q = values.rows
    let c = values.columns
    var probabilities = Matrix(rows: q, columns: c)
    var best = [Int](repeating: 0, count: q)
    values.withUnsafeBufferPointer { v in
      best.withUnsafeMutableBufferPointer { b in
        probabilities.withUnsafeMutableBufferPointer { p in
          nonisolated(unsafe) let vBase = v.baseAddress!
          nonisolated(unsafe) let bBase = b.baseAddress!
          nonisolated(unsafe) let pBase = p.baseAddress!
          Parallel.forEachChunk(count: q, minimumChunk: 256) { range in
            var exps = [Double](repeating: 0, count: c)
            for i in range {
              let row = vBase + i * c
              var top = 0
              for j in 1..<max(c, 1) where sign * row[j] > sign * row[top] { top = j }
              bBase[i] = top
              let peak = Double(sign * row[top])
              var total = 0.0
              for j in 0..<c {
                let e = Foundation.exp(scale * (Double(sign * row[j]) - peak))
                exps[j] = e
                total += e
              }
              for j in 0..<c { pBase[i * c + j] = Float(exps[j] / total) }
            }
          }
        }
      }
    }
    return Predictions(
      classes: classes, labels: best.map { classes[$0] }, probabilities: probabilities)
  }
}
