extension Matrix {
  /// Throws ``GlyphLabError/nonFinite(operation:argument:row:column:)`` naming the first NaN
  /// or infinity, so kernels that cannot handle one refuse it with a clear message.
  ///
  /// Kernels call this on every input, so it is fast: blocks of elements are checked in
  /// parallel, 16 lanes at a time (x · 0 is 0 for every finite x and NaN otherwise), and only
  /// a bad block is scanned element by element. The first bad block in order is reported,
  /// whatever the thread count.
  ///
  /// - Complexity: O(`rows` × `columns`).
  public func requireFinite(operation: String, argument: String) throws {
    let position: Int? = withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress, buffer.count > 0 else { return nil }
      let count = buffer.count
      let blockSize = 16_384
      let blocks = (count + blockSize - 1) / blockSize
      var bad = [Bool](repeating: false, count: blocks)
      bad.withUnsafeMutableBufferPointer { flags in
        nonisolated(unsafe) let flagBase = flags.baseAddress!
        nonisolated(unsafe) let base = base
        Parallel.forEachChunk(count: blocks, minimumChunk: 8) { range in
          for b in range {
            let start = b * blockSize
            let end = min(count, start + blockSize)
            var lanes = SIMD16<Float>()
            var i = start
            while i + 16 <= end {
              lanes += UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<Float>.self) * 0
              i += 16
            }
            var tail: Float = 0
            while i < end {
              tail += base[i] * 0
              i += 1
            }
            flagBase[b] = any(lanes .!= 0) || tail != 0 || !tail.isFinite
          }
        }
      }
      guard let first = bad.firstIndex(of: true) else { return nil }
      for i in (first * blockSize)..<min(count, (first + 1) * blockSize) where !base[i].isFinite { return i }
      return nil
    }
    if let position {
      throw GlyphLabError.nonFinite(
        operation: operation, argument: argument, row: position / max(columns, 1),
        column: position % max(columns, 1))
    }
  }
}
