import CGlyphLabRuntime

extension ProcessMemory {
  private static let retained = Locked(false)

  /// Makes the C allocator serve every block from its heap and keep freed memory (up to
  /// 1 GiB above the live set) for reuse, instead of mapping blocks of 32 MiB and more afresh
  /// each time (which page-faults and zeroes them on every use). All threads share one
  /// arena: glibc's per-thread arenas unmap their empty sub-heaps whatever the trim
  /// threshold. For code that allocates and frees many large buffers in a loop (networks,
  /// distance tiles). Process-wide and idempotent; a thread that has already allocated keeps
  /// its arena, so call it before starting threads (`glyphlab` does, first thing). Returns
  /// whether it took effect (glibc only).
  @discardableResult
  public static func retainFreedMemory() -> Bool {
    retained.withLock { done in
      if !done { done = glyphlab_retain_freed_memory() == 1 }
      return done
    }
  }

  /// Returns the pages of freed heap blocks to the system (glibc's `malloc_trim(0)`), so a
  /// long computation that replaces large buffers (a pipeline's features, renewed every round)
  /// keeps its resident memory near its live data. With ``retainFreedMemory()`` in effect every
  /// block is on the heap, and a block freed below its top otherwise stays resident until a
  /// request that fits reuses it: a million-glyph pipeline run grew by 0.5 GB, one feature
  /// matrix, at each adaptation. A released page is faulted in again when it is next used.
  /// Safe from any thread; returns whether memory was released (false off glibc).
  ///
  /// - Complexity: O(free chunks of the heap).
  @discardableResult
  public static func releaseFreedMemory() -> Bool { glyphlab_release_freed_memory() == 1 }
}
