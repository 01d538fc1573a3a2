import GlyphLabCore

/// How the network library keeps its large buffers cheap to reuse.
///
/// A training step allocates and frees tens of activation and gradient buffers of 8–70 MiB.
/// glibc serves blocks of 32 MiB and more with fresh `mmap`s, so every step would page-fault
/// (and zero) each of them again: measured, that doubled the time of the element-wise
/// layers. ``retainFreedBuffers()`` calls ``ProcessMemory/retainFreedMemory()`` so those
/// blocks come from the heap and are reused. ``Encoder`` calls it when it is created.
public enum NetworkMemory {
  /// Configures the allocator once (see the type's documentation).
  public static func retainFreedBuffers() { ProcessMemory.retainFreedMemory() }
}
