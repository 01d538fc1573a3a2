extension ScanDetector {
  /// Cuts one column's ink profile into characters by dynamic programming: the rows
  /// `0..<profile.count` are split into consecutive pieces, choosing the cuts that minimise
  ///
  /// - for each cut through ink, ``cutWeight`` × the smoothed profile at the cut / the
  ///   profile's mean over rows with ink (0 in a gap between characters);
  /// - for each piece holding ink, with its ink `h` rows tall (first to last row with ink)
  ///   and `r` = `h` / `pitch`: (1 − `r`)² when `r` < 1, ``tallWeight`` × (`r` − 1)² when it
  ///   is taller, plus ``gapWeight`` × (blank rows inside its ink) / `pitch`.
  ///
  /// So a piece near one pitch tall is preferred; small pieces with a narrow gap between
  /// them join (parts of one character), wide gaps are cut, and a run of touching
  /// characters is cut at its thinnest rows near multiples of the pitch. Pieces are at most
  /// 2.5 pitches tall (taller runs of ink are cut regardless). Returns the pieces with ink,
  /// as row ranges `(start, end)`, top to bottom.
  ///
  /// - Complexity: O(`profile.count` × `pitch`).
  func dynamicCuts(_ profile: [Int], pitch: Double) -> [(Int, Int)] {
    let n = profile.count
    guard n > 0, pitch >= 1 else { return [] }
    var smooth = [Double](repeating: 0, count: n + 1)
    for i in 0..<n {
      var sum = 0
      for k in max(0, i - 2)...min(n - 1, i + 2) { sum += profile[k] }
      smooth[i] = Double(sum) / 5
    }
    let inkRows = profile.filter { $0 > 0 }
    guard !inkRows.isEmpty else { return [] }
    let meanInk = Double(inkRows.reduce(0, +)) / Double(inkRows.count)
    // A cut at row y separates rows < y from rows ≥ y: through ink when both rows y − 1
    // and y have ink.
    var cutCost = [Double](repeating: 0, count: n + 1)
    for y in 1..<n where profile[y - 1] > 0 && profile[y] > 0 {
      cutCost[y] = cutWeight * min(smooth[y - 1], smooth[y]) / meanInk
    }
    // Blank rows before each row, the next ink row at or after each row, the last ink row
    // before each row.
    var blank = [Int](repeating: 0, count: n + 1)
    for i in 0..<n { blank[i + 1] = blank[i] + (profile[i] == 0 ? 1 : 0) }
    var nextInk = [Int](repeating: n, count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) { nextInk[i] = profile[i] > 0 ? i : nextInk[i + 1] }
    var lastInk = [Int](repeating: -1, count: n + 1)
    for i in 0..<n { lastInk[i + 1] = profile[i] > 0 ? i : lastInk[i] }
    let longest = max(2, Int(2.5 * pitch))
    func pieceCost(_ a: Int, _ b: Int) -> Double {
      let first = nextInk[a]
      let last = lastInk[b]
      guard first < b, last >= a else { return 0 }
      let r = Double(last - first + 1) / pitch
      let shape = r < 1 ? (1 - r) * (1 - r) : tallWeight * (r - 1) * (r - 1)
      let gaps = Double(blank[last + 1] - blank[first]) / pitch
      return shape + gapWeight * gaps
    }
    var best = [Double](repeating: .infinity, count: n + 1)
    var from = [Int](repeating: 0, count: n + 1)
    best[0] = 0
    for b in 1...n {
      var a = b - 1
      while a >= 0 {
        let ink = nextInk[a] < b
        if ink && lastInk[b] - nextInk[a] + 1 > longest { break }
        let cost = best[a] + pieceCost(a, b) + cutCost[b]
        if cost < best[b] {
          best[b] = cost
          from[b] = a
        }
        a -= 1
      }
    }
    var pieces: [(Int, Int)] = []
    var b = n
    while b > 0 {
      let a = from[b]
      if nextInk[a] < b { pieces.append((a, b)) }
      b = a
    }
    return pieces.reversed()
  }
}
