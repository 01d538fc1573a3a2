import Dispatch
import Foundation

/// A refit running on its own thread while people answer: started with the work, joined with
/// ``result()``. The loop joins it before it starts the next, and before it returns or
/// unwinds, so at most one runs and none outlives the run.
final class RefitJob: @unchecked Sendable {
  typealias Refitted = (model: ModelState, record: PipelineRound)

  private let work: () throws -> Refitted
  private let done = DispatchSemaphore(value: 0)
  private let lock = NSLock()
  private var outcome: Result<Refitted, any Error>?

  /// Starts `work` on a new thread with a `stackSize`-byte stack.
  init(stackSize: Int = 16 << 20, _ work: @escaping () throws -> Refitted) {
    self.work = work
    let thread = Thread { [self] in
      let result = Result { try self.work() }
      lock.lock()
      outcome = result
      lock.unlock()
      done.signal()
    }
    thread.stackSize = stackSize
    thread.start()
  }

  /// Waits for the refit and returns it, or throws its error.
  func result() throws -> Refitted {
    done.wait()
    done.signal()
    lock.lock()
    defer { lock.unlock() }
    guard let outcome else { throw CancellationError() }
    return try outcome.get()
  }

  /// Waits for the refit, discarding what it gives (when the run unwinds).
  func finish() { _ = try? result() }
}
