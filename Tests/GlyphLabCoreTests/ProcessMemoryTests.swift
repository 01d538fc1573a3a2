import Foundation
import GlyphLabCore
import Testing

#if canImport(Glibc)
  import Glibc

  /// ``ProcessMemory/releaseFreedMemory()``: with every block on the heap
  /// (``ProcessMemory/retainFreedMemory()``, as `glyphlab` runs), a large block freed below the
  /// heap's top stays resident until it is released.
  ///
  /// The check runs as an exit test, in a child process of its own: beside the parallel suite,
  /// another test's thread could reuse the freed hole and make it resident again.
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

    /// Exit codes of the child: which step failed.
    enum Step: Int32 {
      case settings = 10, allocation, residentBefore, residentAfterFree, residentAfterRelease
    }

    @Test func aFreedBlockBelowTheTopStopsBeingResident() async {
      await #expect(processExitsWith: .success) {
        func fail(_ step: ProcessMemoryTests.Step) -> Never { exit(step.rawValue) }
        guard ProcessMemory.retainFreedMemory() else { fail(.settings) }
        let bytes = 16 << 20
        guard let block = malloc(bytes), let pin = malloc(1 << 20) else { fail(.allocation) }
        memset(block, 1, bytes)
        // The block after it keeps it below the heap's top, so trimming the top cannot reach it.
        memset(pin, 1, 1 << 20)
        guard ProcessMemoryTests.residentShare(block, bytes: bytes) > 0.99 else {
          fail(.residentBefore)
        }
        free(block)
        // Still mapped (the heap keeps it) and, without a release, still resident; the middle
        // half is measured, away from the chunk headers malloc writes at its ends.
        let middle = block + bytes / 4
        guard ProcessMemoryTests.residentShare(middle, bytes: bytes / 2) > 0.9 else {
          fail(.residentAfterFree)
        }
        ProcessMemory.releaseFreedMemory()
        guard ProcessMemoryTests.residentShare(middle, bytes: bytes / 2) < 0.1 else {
          fail(.residentAfterRelease)
        }
        free(pin)
        exit(0)
      }
    }
  }
#endif
