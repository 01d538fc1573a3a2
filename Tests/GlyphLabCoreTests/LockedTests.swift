import Dispatch
import GlyphLabCore
import Testing

struct LockedTests {
  /// Contended sections are mutually exclusive: 8 threads × 20,000 increments, each a read
  /// then a write, lose none. (Under `make sanitize`, ThreadSanitizer also checks that it
  /// sees the order between the sections, which it did not for `Synchronization.Mutex`.)
  @Test func contendedIncrementsAreNeverLost() {
    let counter = Locked(0)
    let threads = 8
    let increments = 20_000
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
      for _ in 0..<increments {
        counter.withLock { value in
          let seen = value
          value = seen + 1
        }
      }
    }
    #expect(counter.withLock { $0 } == threads * increments)
  }

  /// A value type's state inside the lock is shared by all threads (not copied per call).
  @Test func sectionsSeeEachOthersWrites() {
    let log = Locked([Int]())
    DispatchQueue.concurrentPerform(iterations: 100) { i in log.withLock { $0.append(i) } }
    #expect(log.withLock { $0.sorted() } == Array(0..<100))
  }

  /// A throwing section rethrows and releases the lock.
  @Test func aThrowingSectionReleasesTheLock() {
    struct Failure: Error {}
    let lock = Locked(1)
    #expect(throws: Failure.self) { try lock.withLock { _ in throw Failure() } }
    #expect(lock.withLock { $0 } == 1)
  }
}
