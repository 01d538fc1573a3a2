extension Matrix {
  /// Throws ``GlyphLabError/nonFinite(operation:argument:row:column:)`` naming the first NaN
  /// or infinity, so kernels that cannot handle one refuse it with a clear message.
  ///
  /// - Complexity: O(`rows` × `columns`).
  public func requireFinite(operation: String, argument: String) throws {
    let position: Int? = withUnsafeBufferPointer { buffer in
      // Summing in blocks finds "no NaN/Inf" quickly; only a bad block is scanned elementwise.
      var start = 0
      while start < buffer.count {
        let end = min(start + 4096, buffer.count)
        var sum: Float = 0
        for i in start..<end { sum += buffer[i] * 0 }
        if !sum.isFinite || sum != 0 {
          for i in start..<end where !buffer[i].isFinite { return i }
        }
        start = end
      }
      return nil
    }
    if let position {
      throw GlyphLabError.nonFinite(
        operation: operation, argument: argument, row: position / max(columns, 1),
        column: position % max(columns, 1))
    }
  }
}
