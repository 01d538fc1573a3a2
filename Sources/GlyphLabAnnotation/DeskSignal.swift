import Foundation

/// Tells waiting requests that the desk changed, so a long poll or an answer's wait for the
/// next query wakes when something happens instead of polling: a version number that every
/// change increments, and the continuations waiting for it to pass a value.
final class DeskSignal: @unchecked Sendable {
  private let lock = NSLock()
  private var version = 0
  private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
  private var nextWaiter = 0
  /// Waiters released (timed out or cancelled) before they began to wait.
  private var released: Set<Int> = []

  /// The current version.
  var current: Int {
    lock.lock()
    defer { lock.unlock() }
    return version
  }

  /// Records a change and wakes every waiter.
  func changed() {
    lock.lock()
    version += 1
    let woken = waiters
    waiters = [:]
    lock.unlock()
    for waiter in woken.values { waiter.resume() }
  }

  /// Returns once the version passes `seen`, or after `timeout`, or when the task is cancelled.
  func wait(beyond seen: Int, timeout: Duration) async {
    let id = lock.withLock {
      nextWaiter += 1
      return nextWaiter
    }
    await withTaskGroup(of: Void.self) { group in
      group.addTask {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
          self.lock.lock()
          if self.version > seen || self.released.remove(id) != nil {
            self.lock.unlock()
            continuation.resume()
          } else {
            self.waiters[id] = continuation
            self.lock.unlock()
          }
        }
      }
      group.addTask {
        try? await Task.sleep(for: timeout)
        self.release(id)
      }
      await group.next()
      group.cancelAll()
      // The sleeper ends at once when cancelled, and releases the waiter if it still waits.
      self.release(id)
    }
    _ = lock.withLock { released.remove(id) }
  }

  private func release(_ id: Int) {
    lock.lock()
    let waiter = waiters.removeValue(forKey: id)
    if waiter == nil { released.insert(id) }
    lock.unlock()
    waiter?.resume()
  }
}
