import CGlyphLabRuntime

extension ProcessMemory {
  private static let retained = Locked(false)

  /// Makes the C allocator serve every block from its heap and keep freed memory (up to
  /// 1 GiB above the live set) for reuse, instead of mapping blocks of 32 MiB and more afresh
  /// each time (which page-faults and zeroes them on every use). For code that allocates and
  /// frees many large buffers in a loop (network training). Process-wide and idempotent;
  /// returns whether it took effect (glibc only).
  @discardableResult
  public static func retainFreedMemory() -> Bool {
    retained.withLock { done in
      if !done { done = glyphlab_retain_freed_memory() == 1 }
      return done
    }
  }
}
