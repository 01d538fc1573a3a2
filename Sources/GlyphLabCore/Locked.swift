#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A value that threads share, reached only through ``withLock(_:)``, which holds a POSIX
/// mutex around the access. GlyphLab's shared state (the run queue, the experiment cache,
/// BLAS's thread count, …) uses this rather than `Synchronization.Mutex`.
///
/// Why not `Mutex`: on Linux it is a priority-inheritance futex, and when a thread waits for
/// it the kernel hands the lock to that thread directly (`FUTEX_UNLOCK_PI`), with no atomic
/// operation in user space. ThreadSanitizer then sees no order between the two critical
/// sections and reports every contended one as a data race (`make sanitize` did, in the
/// runner's queue and in ``BLAS/threadCount``). ThreadSanitizer intercepts
/// `pthread_mutex_lock` and `pthread_mutex_unlock`, so with this type it checks the code
/// around the lock instead of reporting the lock. Uncontended, both cost one atomic
/// exchange.
///
/// The value must be reached only inside `withLock` (and not escape from it as a reference
/// other threads then use without the lock); that is what the `@unchecked Sendable` rests on.
package final class Locked<Value>: @unchecked Sendable {
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>
  private var value: Value

  /// A lock guarding `value`.
  package init(_ value: Value) {
    self.value = value
    mutex = .allocate(capacity: 1)
    mutex.initialize(to: pthread_mutex_t())
    pthread_mutex_init(mutex, nil)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deinitialize(count: 1)
    mutex.deallocate()
  }

  /// Runs `body` on the value with the lock held (not re-entrant: `body` must not call
  /// `withLock` on the same lock).
  package func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body(&value)
  }
}
