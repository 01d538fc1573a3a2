import Foundation
import GlyphLabCore
import Testing

#if canImport(Glibc)
  import Glibc

  /// ``ProcessMemory/releaseFreedMemory()``: with every block on the heap
  /// (``ProcessMemory/retainFreedMemory()``, as `glyphlab` runs), a large block freed below the
  /// heap's top stays resident until it is released.
  @Suite("process memory: freed heap blocks released")
  struct ProcessMemoryTests {
    /// The share of the whole pages inside `bytes` bytes at `start` that are resident (mincore).
    static func residentShare(_ start: UnsafeMutableRawPointer, bytes: Int) -> Double {
      let page = Int(sysconf(Int32(_SC_PAGESIZE)))
      let first = (Int(bitPattern: start) + page - 1) / page * page
      let last = (Int(bitPattern: start) + bytes) / page * page
      let pages = (last - first) / page
      guard pages > 0, let base = UnsafeMutableRawPointer(bitPattern: first) else { return 0 }
      var vector = [UInt8](repeating: 0, count: pages)
      guard mincore(base, last - first, &vector) == 0 else { return -1 }
      return Double(vector.filter { $0 & 1 == 1 }.count) / Double(pages)
    }

    @Test(
      .disabled(
        "flaky beside the parallel suite (another thread reused the freed hole in CI); passes run alone")
    )
    func aFreedBlockBelowTheTopStopsBeingResident() throws {
      #expect(ProcessMemory.retainFreedMemory())
      // 16 MiB fits the 64 MiB sub-heaps of a thread's own arena (a test's thread may have
      // one from before the settings), so it is a heap block there too, not a mapping.
      let bytes = 16 << 20
      let block = try #require(malloc(bytes))
      memset(block, 1, bytes)
      // A block after it keeps it below the heap's top, so trimming the top cannot reach it.
      let pin = try #require(malloc(1 << 20))
      memset(pin, 1, 1 << 20)
      defer { free(pin) }
      #expect(Self.residentShare(block, bytes: bytes) > 0.99)
      free(block)
      // Still mapped (the heap keeps it) and, without a release, still resident; the middle
      // half is measured, away from the chunk headers malloc writes at its ends.
      let middle = block + bytes / 4
      #expect(Self.residentShare(middle, bytes: bytes / 2) > 0.9)
      ProcessMemory.releaseFreedMemory()
      // Another test's allocation may reuse a little of the hole meanwhile; most of it is gone.
      #expect(Self.residentShare(middle, bytes: bytes / 2) < 0.5)
    }
  }
#endif
