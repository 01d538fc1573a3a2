import GlyphLabCore

/// Detections scored against ground-truth boxes, ICDAR-style: one-to-one matching at
/// intersection over union ≥ ``iouThreshold``.
///
/// Matching is greedy: all (detection, truth) pairs with IoU ≥ the threshold, by IoU
/// descending (ties by truth index, then detection index), each matched unless either box
/// is taken. A matched detection is a true positive; the others are false positives;
/// unmatched truth boxes are misses.
///
/// Conventions for empty sets: precision is 1 with no detections (nothing false was
/// claimed), recall is 1 with no truth boxes (nothing was missed); F1 is their harmonic mean
/// (0 if both are 0). So an empty page with no detections scores 1, 1, 1.
///
/// Evaluations of several pages add up with ``adding(_:)`` (counts and IoUs pooled: micro
/// averages).
///
/// Merges and splits are counted by coverage, whatever the IoU: a truth box is *covered* by
/// a detection holding at least half of the truth box's pixels, and a detection *lies in* a
/// truth box holding at least half of the detection's pixels. A detection covering two or
/// more truth boxes is a merge (``merged``); a truth box with two or more detections lying
/// in it is split (``split``).
public struct DetectionEvaluation: Sendable, Equatable {
  /// The least IoU of a match (default 0.5).
  public let iouThreshold: Double
  /// Number of detections.
  public private(set) var detected: Int
  /// Number of ground-truth boxes.
  public private(set) var truth: Int
  /// Number of matches (true positives).
  public private(set) var matched: Int
  /// The IoU of every match.
  public private(set) var matchedIoUs: [Double]
  /// For every ground-truth box, its best IoU with any detection (0 if none overlaps),
  /// whether matched or not: the IoU distribution.
  public private(set) var bestIoUs: [Double]
  /// Detections that cover two or more truth boxes (merged characters).
  public private(set) var merged: Int
  /// Truth boxes with two or more detections lying in them (split characters).
  public private(set) var split: Int

  /// No page yet: zero counts.
  public init(iouThreshold: Double = 0.5) {
    self.iouThreshold = iouThreshold
    detected = 0
    truth = 0
    matched = 0
    matchedIoUs = []
    bestIoUs = []
    merged = 0
    split = 0
  }

  /// Scores one page's detections against its ground truth.
  ///
  /// - Complexity: O(D × T) to compare boxes (D detections, T truth boxes; a sweep over
  ///   boxes sorted by x prunes pairs that cannot overlap), and O(P log P) for the P
  ///   overlapping pairs.
  public init(detections: [PixelBox], truth truthBoxes: [PixelBox], iouThreshold: Double = 0.5) throws {
    guard iouThreshold > 0, iouThreshold <= 1 else {
      throw GlyphLabError.invalidArgument(
        operation: "DetectionEvaluation", name: "iouThreshold", value: "\(iouThreshold)", reason: "must be in (0, 1]")
    }
    self.init(iouThreshold: iouThreshold)
    detected = detections.count
    truth = truthBoxes.count
    // Overlapping pairs, by a sweep over detections sorted by their left edge.
    let byX = detections.indices.sorted { (detections[$0].x, $0) < (detections[$1].x, $1) }
    var best = [Double](repeating: 0, count: truthBoxes.count)
    var pairs: [(iou: Double, t: Int, d: Int)] = []
    var covers = [Int](repeating: 0, count: detections.count)
    var lying = [Int](repeating: 0, count: truthBoxes.count)
    for (t, box) in truthBoxes.enumerated() {
      // Detections starting left of the truth box's right edge may overlap it.
      var lo = 0
      var hi = byX.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if detections[byX[mid]].x < box.maxX { lo = mid + 1 } else { hi = mid }
      }
      for i in 0..<lo {
        let d = byX[i]
        let iou = box.intersectionOverUnion(detections[d])
        best[t] = max(best[t], iou)
        let shared = box.intersection(detections[d]).area
        if shared > 0 && 2 * shared >= box.area { covers[d] += 1 }
        if shared > 0 && 2 * shared >= detections[d].area { lying[t] += 1 }
        if iou >= iouThreshold { pairs.append((iou, t, d)) }
      }
    }
    pairs.sort { ($0.iou, -$0.t, -$0.d) > ($1.iou, -$1.t, -$1.d) }
    var truthTaken = [Bool](repeating: false, count: truthBoxes.count)
    var detectionTaken = [Bool](repeating: false, count: detections.count)
    for pair in pairs where !truthTaken[pair.t] && !detectionTaken[pair.d] {
      truthTaken[pair.t] = true
      detectionTaken[pair.d] = true
      matched += 1
      matchedIoUs.append(pair.iou)
    }
    bestIoUs = best
    merged = covers.count { $0 >= 2 }
    split = lying.count { $0 >= 2 }
  }

  /// This evaluation pooled with another's (same threshold): counts and IoUs added.
  public func adding(_ other: DetectionEvaluation) -> DetectionEvaluation {
    var sum = self
    sum.detected += other.detected
    sum.truth += other.truth
    sum.matched += other.matched
    sum.matchedIoUs += other.matchedIoUs
    sum.bestIoUs += other.bestIoUs
    sum.merged += other.merged
    sum.split += other.split
    return sum
  }

  /// Matched / detected (1 with no detections).
  public var precision: Double { detected == 0 ? 1 : Double(matched) / Double(detected) }
  /// Matched / truth (1 with no truth boxes).
  public var recall: Double { truth == 0 ? 1 : Double(matched) / Double(truth) }
  /// The harmonic mean of precision and recall (0 if both are 0).
  public var f1: Double {
    let p = precision
    let r = recall
    return p + r > 0 ? 2 * p * r / (p + r) : 0
  }
  /// False positives: detections not matched.
  public var falsePositives: Int { detected - matched }
  /// Misses: truth boxes not matched.
  public var misses: Int { truth - matched }

  /// Counts of ``bestIoUs`` in `bins` equal bins over [0, 1] (IoU 1 falls in the last).
  public func histogram(bins: Int = 10) -> [Int] {
    let bins = max(1, bins)
    var counts = [Int](repeating: 0, count: bins)
    for iou in bestIoUs { counts[min(bins - 1, max(0, Int(iou * Double(bins))))] += 1 }
    return counts
  }

  /// The `q` quantile (0…1) of ``bestIoUs``, linearly interpolated between order
  /// statistics (NumPy's default "linear" method); nil without truth boxes.
  public func quantile(_ q: Double) -> Double? { Self.quantile(bestIoUs, q) }

  /// The `q` quantile of `values`, NumPy's default "linear" method; nil when empty.
  public static func quantile(_ values: [Double], _ q: Double) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let position = min(1, max(0, q)) * Double(sorted.count - 1)
    let low = Int(position.rounded(.down))
    let high = min(sorted.count - 1, low + 1)
    let fraction = position - Double(low)
    return sorted[low] + (sorted[high] - sorted[low]) * fraction
  }
}
