import GlyphLabCore

/// The connected components of the ink of a page, labelled by the classic two-pass
/// algorithm on runs (Rosenfeld & Pfaltz; run-based as in He, Chao & Suzuki 2008).
///
/// Pass one gives every run a provisional label and records, with union–find, that it
/// equals the label of each run of the row above that touches it (8-connectivity: runs
/// touch when they share a column or a corner; 4-connectivity: a column). Pass two replaces
/// each label by its class's representative. Components are numbered in raster order of
/// their first pixel (top to bottom, then left to right), as `scipy.ndimage.label` and
/// `skimage.measure.label` number them.
public struct ConnectedComponents: Sendable, Equatable {
  /// Number of components.
  public let count: Int
  /// The component (0..<count) of every run of the page.
  public let runLabels: [Int32]
  /// Every component's bounding box.
  public let boxes: [PixelBox]
  /// Every component's number of pixels.
  public let areas: [Int]
  /// Component `c`'s runs are `runIndices[runOffsets[c]..<runOffsets[c + 1]]`, in raster order.
  public let runOffsets: [Int]
  /// Run indices grouped by component (see ``runOffsets``).
  public let runIndices: [Int32]

  /// Labels the ink of `runs` with 8-connectivity (default) or 4-connectivity.
  ///
  /// - Complexity: O(runs × α(runs)) time and O(runs + components) memory.
  public init(runs: InkRuns, connectivity: Int = 8) throws {
    guard connectivity == 8 || connectivity == 4 else {
      throw GlyphLabError.invalidArgument(
        operation: "ConnectedComponents", name: "connectivity", value: "\(connectivity)", reason: "must be 4 or 8")
    }
    let reach: Int32 = connectivity == 8 ? 1 : 0
    let n = runs.count
    // Pass one: provisional labels (the run's own index) and their equivalences.
    var parent = (0..<n).map { Int32($0) }
    func find(_ i: Int32) -> Int32 {
      var i = i
      while parent[Int(i)] != i {
        parent[Int(i)] = parent[Int(parent[Int(i)])]
        i = parent[Int(i)]
      }
      return i
    }
    let starts = runs.starts
    let ends = runs.ends
    if runs.height > 1 {
      for y in 1..<runs.height {
        let previous = runs.runs(inRow: y - 1)
        var j = previous.lowerBound
        for r in runs.runs(inRow: y) {
          while j < previous.upperBound && ends[j] + reach <= starts[r] { j += 1 }
          var q = j
          while q < previous.upperBound && starts[q] < ends[r] + reach {
            // The smaller index (the earlier run in raster order) becomes the root.
            let a = find(Int32(q))
            let b = find(Int32(r))
            if a != b { parent[Int(max(a, b))] = min(a, b) }
            q += 1
          }
        }
      }
    }
    // Pass two: each run's final label, numbered by the raster order of the class's first run.
    var labels = [Int32](repeating: -1, count: n)
    var next: Int32 = 0
    for r in 0..<n {
      let root = Int(find(Int32(r)))
      if root == r {
        labels[r] = next
        next += 1
      } else {
        labels[r] = labels[root]
      }
    }
    count = Int(next)
    runLabels = labels
    // Boxes, areas and the runs of each component (a counting sort keeps raster order).
    var minX = [Int](repeating: Int.max, count: count)
    var minY = [Int](repeating: Int.max, count: count)
    var maxX = [Int](repeating: Int.min, count: count)
    var maxY = [Int](repeating: Int.min, count: count)
    var area = [Int](repeating: 0, count: count)
    var offsets = [Int](repeating: 0, count: count + 1)
    for y in 0..<runs.height {
      for r in runs.runs(inRow: y) {
        let c = Int(labels[r])
        minX[c] = min(minX[c], Int(starts[r]))
        maxX[c] = max(maxX[c], Int(ends[r]))
        minY[c] = min(minY[c], y)
        maxY[c] = max(maxY[c], y + 1)
        area[c] += Int(ends[r] - starts[r])
        offsets[c + 1] += 1
      }
    }
    for c in 0..<count { offsets[c + 1] += offsets[c] }
    var fill = offsets
    var indices = [Int32](repeating: 0, count: n)
    for r in 0..<n {
      let c = Int(labels[r])
      indices[fill[c]] = Int32(r)
      fill[c] += 1
    }
    boxes = (0..<count).map { PixelBox(x0: minX[$0], y0: minY[$0], x1: maxX[$0], y1: maxY[$0]) }
    areas = area
    runOffsets = offsets
    runIndices = indices
  }

  /// The runs of component `c`, in raster order.
  public func runs(of c: Int) -> ArraySlice<Int32> { runIndices[runOffsets[c]..<runOffsets[c + 1]] }

  /// A label per pixel of the page `runs` was labelled from: 0 for paper, `c + 1` for
  /// component `c`.
  ///
  /// - Complexity: O(`width` × `height`).
  public func labelImage(_ runs: InkRuns) -> [Int32] {
    var out = [Int32](repeating: 0, count: runs.width * runs.height)
    for y in 0..<runs.height {
      for r in runs.runs(inRow: y) {
        for x in Int(runs.starts[r])..<Int(runs.ends[r]) { out[y * runs.width + x] = runLabels[r] + 1 }
      }
    }
    return out
  }
}
