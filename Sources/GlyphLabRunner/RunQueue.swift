import Dispatch
import GlyphLabCore
import GlyphLabRunLog

/// The runs of one invocation, handed out to worker threads one at a time, in plan order and
/// made from the plan only when handed out (runs in the skip set are passed over); finished
/// outcomes are collected for the single writer thread, which ``signal`` wakes.
final class RunQueue: Sendable {
  struct State {
    var next = 0
    var cancelled = false
    var finished: [RunOutcome] = []
    var running: [String: (run: PlannedRun, startedAt: String)] = [:]
    var rounds: [RunRoundProgress] = []
  }

  let runs: RunPlan
  let skip: Set<String>
  let state = Locked(State())
  /// Signalled once per finished run.
  let signal = DispatchSemaphore(value: 0)
  /// Signalled once per worker that exits.
  let exited = DispatchSemaphore(value: 0)

  init(runs: RunPlan, skipping skip: Set<String> = []) {
    self.runs = runs
    self.skip = skip
  }

  /// The next run to do, marked running; `nil` when none are left or after ``cancel()``.
  func take() -> PlannedRun? {
    state.withLock { state in
      while !state.cancelled, state.next < runs.count {
        let run = runs[state.next]
        state.next += 1
        if skip.contains(run.id) { continue }
        state.running[run.id] = (run, Provenance.now())
        return run
      }
      return nil
    }
  }

  /// Hands in a finished run.
  func finish(_ outcome: RunOutcome) {
    state.withLock { state in
      state.running[outcome.run.id] = nil
      state.finished.append(outcome)
    }
    signal.signal()
  }

  /// The outcomes handed in since the last call.
  func drain() -> [RunOutcome] {
    state.withLock { state in
      defer { state.finished.removeAll() }
      return state.finished
    }
  }

  /// The runs in progress, in expansion order.
  func inProgress() -> [(run: PlannedRun, startedAt: String)] {
    state.withLock { Array($0.running.values) }.sorted { $0.run.index < $1.run.index }
  }

  /// Stops handing out runs.
  func cancel() { state.withLock { $0.cancelled = true } }

  /// Records a round of a run in progress (from its worker thread).
  func report(_ round: RunRoundProgress) { state.withLock { $0.rounds.append(round) } }

  /// The rounds reported since the last call, in order.
  func drainRounds() -> [RunRoundProgress] {
    state.withLock { state in
      defer { state.rounds.removeAll() }
      return state.rounds
    }
  }
}
