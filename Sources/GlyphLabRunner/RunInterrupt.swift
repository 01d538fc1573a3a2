import Foundation

/// A flag a signal handler sets to stop an ``ExperimentRunner``: the runner polls it (at
/// least twice a second), then commits the finished runs, marks the runs in progress
/// `interrupted`, releases the log's lock and returns a summary saying which signal came.
public final class RunInterrupt: @unchecked Sendable {
  private let lock = NSLock()
  private var received: Int32?

  /// A flag not yet set.
  public init() {}

  /// Records that `signal` arrived (the first one wins). Safe from any thread.
  public func trigger(_ signal: Int32) {
    lock.lock()
    defer { lock.unlock() }
    if received == nil { received = signal }
  }

  /// The signal that arrived, or nil.
  public var signal: Int32? {
    lock.lock()
    defer { lock.unlock() }
    return received
  }
}
