import Dispatch

/// Deterministic data parallelism for GlyphLab's own loops.
///
/// Work is cut into contiguous chunks, and each chunk computes and writes only its own
/// outputs, element by element in the same order as a serial loop, so results are identical
/// whatever the parallelism.
package enum Parallel {
  /// Calls `body` on contiguous sub-ranges of `0..<count`, concurrently on up to
  /// ``BLAS/threadCount`` threads. Chunks are at least `minimumChunk` long.
  package static func forEachChunk(
    count: Int, minimumChunk: Int = 64, _ body: (Range<Int>) -> Void
  ) {
    guard count > 0 else { return }
    let threads = max(1, BLAS.threadCount)
    let chunks = max(1, min(threads * 4, count / max(1, minimumChunk)))
    if chunks == 1 || threads == 1 {
      body(0..<count)
      return
    }
    let size = (count + chunks - 1) / chunks
    // Chunks touch disjoint outputs, so sharing the closure across threads is safe.
    nonisolated(unsafe) let body = body
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
      let start = c * size
      let end = min(count, start + size)
      if start < end { body(start..<end) }
    }
  }

  /// Calls `body(worker)` for `worker` in `0..<workers`, concurrently. Each worker picks its
  /// share of the work by its index (e.g. tiles `worker`, `worker + workers`, …).
  package static func forEachWorker(_ workers: Int, _ body: (Int) -> Void) {
    guard workers > 1 else {
      if workers == 1 { body(0) }
      return
    }
    nonisolated(unsafe) let body = body
    DispatchQueue.concurrentPerform(iterations: workers) { body($0) }
  }
}
