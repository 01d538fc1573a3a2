import GlyphLabCore

/// The batches of one epoch: which image rows each step trains on, in order.
///
/// Shuffling is by chunks, so a dataset larger than memory streams: the chunks are put in a
/// random order, grouped into windows of `windowChunks` chunks, and the labelled rows of each
/// window are shuffled among themselves. A window is then the most the loader must hold (two
/// while a batch straddles windows). A window as large as the dataset is a full shuffle.
///
/// The plan is a pure function of the set's labels, the epoch, the sizes and the generator's
/// seed, so a resumed run rebuilds exactly the plan of an uninterrupted one.
struct EpochPlan {
  /// The image rows of each step.
  let batches: [[Int]]
  /// The window (0, 1, …, in epoch order) of each chunk.
  let chunkWindow: [Int]

  /// Plain batches of `batchSize` rows (the last may be smaller).
  ///
  /// - Complexity: O(N) time and memory for N images.
  static func batches(
    of set: TrainingSet, epoch: Int, batchSize: Int, windowChunks: Int, generator: SeededGenerator
  ) -> EpochPlan {
    var g = generator.derived("epoch").derived(UInt64(epoch))
    let (windows, chunkWindow) = shuffledWindows(of: set, windowChunks: windowChunks, generator: &g)
    var order: [Int] = []
    order.reserveCapacity(set.count)
    for window in windows { order.append(contentsOf: window) }
    var batches: [[Int]] = []
    var start = 0
    while start < order.count {
      let end = min(order.count, start + batchSize)
      batches.append(Array(order[start..<end]))
      start = end
    }
    return EpochPlan(batches: batches, chunkWindow: chunkWindow)
  }

  /// Episodes of `ways` classes × `perClass` images (support then query images of each
  /// class, class by class), drawn within each window: while at least `ways` classes have
  /// `perClass` unused rows left, `ways` of them are drawn at random and give their next rows.
  ///
  /// - Complexity: O(N + episodes × C) time for N images and C classes.
  static func episodes(
    of set: TrainingSet, epoch: Int, ways: Int, perClass: Int, windowChunks: Int, generator: SeededGenerator
  ) -> EpochPlan {
    var g = generator.derived("epoch").derived(UInt64(epoch))
    let (windows, chunkWindow) = shuffledWindows(of: set, windowChunks: windowChunks, generator: &g)
    var batches: [[Int]] = []
    for window in windows {
      var byClass = [[Int]](repeating: [], count: set.classCount)
      for row in window { byClass[Int(set.labels[row])].append(row) }
      var next = [Int](repeating: 0, count: set.classCount)
      while true {
        let eligible = (0..<set.classCount).filter { byClass[$0].count - next[$0] >= perClass }
        guard eligible.count >= ways else { break }
        var episode: [Int] = []
        episode.reserveCapacity(ways * perClass)
        for pick in g.sample(ways, from: eligible.count) {
          let c = eligible[pick]
          episode.append(contentsOf: byClass[c][next[c]..<(next[c] + perClass)])
          next[c] += perClass
        }
        batches.append(episode)
      }
    }
    return EpochPlan(batches: batches, chunkWindow: chunkWindow)
  }

  /// The labelled rows of each window, shuffled, and the window of each chunk.
  private static func shuffledWindows(
    of set: TrainingSet, windowChunks: Int, generator g: inout SeededGenerator
  ) -> (windows: [[Int]], chunkWindow: [Int]) {
    var chunks = Array(0..<set.chunkCount)
    g.shuffle(&chunks)
    var chunkWindow = [Int](repeating: 0, count: set.chunkCount)
    var windows: [[Int]] = []
    var start = 0
    let size = max(1, windowChunks)
    while start < chunks.count {
      let members = chunks[start..<min(chunks.count, start + size)]
      var rows: [Int] = []
      for chunk in members {
        chunkWindow[chunk] = windows.count
        for row in set.rows(ofChunk: chunk) where set.labels[row] >= 0 { rows.append(row) }
      }
      g.shuffle(&rows)
      windows.append(rows)
      start += size
    }
    return (windows, chunkWindow)
  }
}
