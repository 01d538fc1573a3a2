import Dispatch
import Foundation
import GlyphLabCore
import GlyphLabFiles
import GlyphLabRunLog

/// Runs an experiment's runs on worker threads and records them in its run log.
///
/// - The runs are those of the spec (or of one ``RunShard``), in expansion order; with
///   ``RunnerOptions/resume`` the ones the log holds complete are skipped.
/// - `jobs` worker threads take runs in order; BLAS gets max(1, cores / jobs) threads, so
///   jobs × BLAS threads ≈ cores. Each run draws only from its own seed, and GlyphLab's
///   kernels give the same result for every thread count, so the numbers do not depend on
///   `jobs`.
/// - The calling thread is the only one that writes HDF5. It commits finished runs to the
///   log atomically (``RunLogWriter``), at most as often as keeps commits near 2% of the
///   wall time, and once at the end. A `kill -9` loses at most the runs finished since the
///   last commit, which `--resume` runs again.
/// - The log is locked (``RunLogLock``) for the whole invocation.
public final class ExperimentRunner {
  /// The experiment.
  public let spec: ExperimentSpec
  /// How it runs.
  public let options: RunnerOptions
  /// The log written.
  public let logPath: String
  /// The runs this invocation is responsible for (a shard's share, or all), made when read.
  public let runs: RunPlan

  /// Prepares to run `spec`; throws a ``RunLogError`` for bad options.
  public init(spec: ExperimentSpec, options: RunnerOptions = RunnerOptions()) throws {
    self.spec = spec
    self.options = options
    runs = options.shard.map { $0.select(spec.runs) } ?? spec.runs
    if let path = options.logPath {
      logPath = path
    } else if let shard = options.shard {
      let base = spec.logPath.hasSuffix(".h5") ? String(spec.logPath.dropLast(3)) : spec.logPath
      logPath = "\(base).shard-\(shard.index)-of-\(shard.count).h5"
    } else {
      logPath = spec.logPath
    }
    if let jobs = options.jobs, jobs < 1 {
      throw RunLogError(path: logPath, "--jobs must be at least 1, got \(jobs)")
    }
    if options.resume && options.overwrite {
      throw RunLogError(path: logPath, "--resume and --overwrite contradict each other; choose one")
    }
  }

  /// Checks every distinct configuration's inputs (``ExperimentKind/checkInputs()``:
  /// dataset files, stored features, fixed episodes, memory) without running anything; the
  /// first problem is thrown, naming its key or file. ``run(onEvent:)`` calls it before it
  /// touches the log, so bad inputs never leave a partial log.
  public func checkInputs() throws {
    for parameters in runs.configurationParameters {
      try spec.kind.init(parameters: parameters).checkInputs()
    }
  }

  /// Runs the experiment, reporting progress to `onEvent` (on the calling thread).
  /// Failed runs are recorded, not thrown; errors about the log itself are thrown.
  public func run(onEvent: (RunnerEvent) -> Void = { _ in }) throws -> Summary {
    try checkInputs()
    let clock = ContinuousClock()
    let start = clock.now
    let startedAt = Provenance.now()
    let cores = ProcessInfo.processInfo.activeProcessorCount

    var lock: RunLogLock?
    var writer: RunLogWriter?
    var skip: Set<String> = []
    var sessions: [SessionRecord] = []
    var action = "run"
    if options.writesLog {
      try outputPlan.check(outputPolicy)
      let directory = URL(fileURLWithPath: RealPath.resolve(logPath)).deletingLastPathComponent().path
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      lock = try RunLogLock(logPath: logPath)
      try outputPlan.check(outputPolicy)  // again under the lock: another writer may have made the log since
      writer = RunLogWriter(path: logPath)
      if FileManager.default.fileExists(atPath: logPath) {
        if options.resume {
          let existing = try RunLogReader(path: logPath)
          try check(existing.header)
          if let change = try InputFingerprint.firstChange(
            recorded: existing.header.inputs, current: spec.fingerprintInputs(), log: logPath)
          {
            guard options.allowChangedInputs else {
              throw RunLogError(
                path: change.path,
                "changed since the log \(logPath) was created (\(change.detail)); its runs would mix old and new "
                  + "data. Restore the file, start a new log (--overwrite or another --log), or pass "
                  + "--allow-changed-inputs to resume anyway")
            }
            onEvent(.warning("\(change.path) changed since the log was created (\(change.detail)); resuming anyway"))
          }
          let provenance = Provenance.collect(blasThreads: 0)
          if existing.header.provenance.gitCommit != provenance.gitCommit {
            onEvent(
              .warning(
                "resuming a log made at commit \(existing.header.provenance.gitCommit) from commit "
                  + "\(provenance.gitCommit); the log's sessions attribute records both"))
          }
          skip = Set(try existing.entries().filter { $0.status == .complete }.map(\.id))
          sessions = SessionRecord.decode(existing.header.sessions)
          action = "resume"
        }
      }
    }

    // The runs left to do are handed out from the plan as workers ask; only their number is
    // counted here.
    let remaining = skip.isEmpty ? runs.count : runs.count { !skip.contains($0.id) }
    let jobs = max(1, min(options.jobs ?? cores, remaining))
    let blasThreads = options.blasThreads ?? max(1, cores / jobs)
    let provenance = Provenance.collect(blasThreads: blasThreads)
    var session = SessionRecord(
      action: action, command: options.command, provenance: provenance, jobs: jobs, startedAt: startedAt,
      finishedAt: "", runs: 0)
    if let writer, action == "run" {
      var header = header(provenance: provenance, startedAt: startedAt, sessions: [session])
      header.inputs = try spec.fingerprintInputs()
      header.costsSource = spec.costsSource
      try writer.create(header: header)
    }
    onEvent(
      .started(
        total: remaining, skipped: runs.count - remaining, jobs: jobs, blasThreads: blasThreads,
        log: options.writesLog ? logPath : ""))

    let savedThreads = BLAS.threadCount
    BLAS.threadCount = blasThreads
    defer { BLAS.threadCount = savedThreads }

    let queue = RunQueue(runs: runs, skipping: skip)
    let kind = spec.kind
    let wantsPredictions = spec.logPredictions
    for _ in 0..<(remaining == 0 ? 0 : jobs) {
      let thread = Thread {
        while let run = queue.take() {
          queue.finish(Self.execute(run, kind: kind, wantsPredictions: wantsPredictions, queue: queue))
        }
        queue.exited.signal()
      }
      thread.stackSize = 16 << 20
      thread.start()
    }

    var summary = Summary(
      logPath: options.writesLog ? logPath : "", planned: runs.count, skipped: runs.count - remaining,
      completed: 0, failed: 0, wallSeconds: 0, logSeconds: 0, commits: 0)
    var pending: [RunOutcome] = []
    var lastCommitEnd = clock.now
    var lastCommitSeconds = 0.0
    func seconds(_ duration: Duration) -> Double {
      Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
    func commit(final: Bool, interrupted: Bool = false) throws {
      guard let writer else { return }
      let commitStart = clock.now
      let running = final ? [] : queue.inProgress().map { (run: $0.run.logged, startedAt: $0.startedAt) }
      if interrupted {
        summary.interrupted = running.count
        session.finishedAt = Provenance.now()
      }
      session.runs = summary.completed
      if final { session.finishedAt = Provenance.now() }
      let allSessions = sessions + [session]
      try writer.commit(pending, running: running, runningStatus: interrupted ? .interrupted : .running) { file in
        try file.setAttribute("sessions", SessionRecord.encode(allSessions))
        if final {
          let runs = try file.openGroup(RunLogLayout.runs)
          let planned = try RunLogHeader.runList(RunLogLayout.plannedRuns, in: file)
          var settled = true
          for id in planned where settled {
            let status = try runs.exists(id) ? runs.openGroup(id).stringAttribute("status") : ""
            settled = status == RunStatus.complete.rawValue || status == RunStatus.failed.rawValue
          }
          try file.setAttribute("finished_at", settled ? session.finishedAt : "")
        }
      }
      pending.removeAll()
      lastCommitEnd = clock.now
      lastCommitSeconds = seconds(lastCommitEnd - commitStart)
      summary.logSeconds += lastCommitSeconds
      summary.commits += 1
    }

    var done = 0
    var failure: Error?
    while done < remaining {
      if let signal = options.interrupt?.signal {
        // Stop handing out runs; commit what finished, mark the rest interrupted, and leave
        // the workers' runs to die with the process.
        queue.cancel()
        for outcome in queue.drain() {
          done += 1
          if outcome.status == .complete { summary.completed += 1 } else { summary.failed += 1 }
          pending.append(outcome)
          onEvent(.finished(outcome: outcome, done: done, total: remaining))
        }
        if failure == nil { try commit(final: false, interrupted: true) }
        lock?.release()
        summary.interruptedBy = signal
        summary.wallSeconds = seconds(clock.now - start)
        if let failure { throw failure }
        return summary
      }
      let timedOut = queue.signal.wait(timeout: .now() + .milliseconds(500)) == .timedOut
      for round in queue.drainRounds() { onEvent(.round(round)) }
      if timedOut { onEvent(.tick(done: done, total: remaining)) }
      for outcome in queue.drain() {
        done += 1
        if outcome.status == .complete { summary.completed += 1 } else { summary.failed += 1 }
        pending.append(outcome)
        onEvent(.finished(outcome: outcome, done: done, total: remaining))
      }
      if failure == nil, !pending.isEmpty,
        seconds(clock.now - lastCommitEnd) >= options.commitSpacing * lastCommitSeconds
      {
        do { try commit(final: false) } catch {
          failure = error
          queue.cancel()
          break
        }
      }
    }
    for _ in 0..<(remaining == 0 ? 0 : jobs) { queue.exited.wait() }
    if let failure { throw failure }
    try commit(final: true)
    lock?.release()
    summary.wallSeconds = seconds(clock.now - start)
    return summary
  }

  /// Throws unless an existing log holds this experiment (same spec hash, or a spec that
  /// differs only in parameters added since at their neutral default, and the same shard).
  private func check(_ existing: RunLogHeader) throws {
    guard existing.specHash == spec.specHash || spec.isCompatible(withResolved: existing.specResolved) else {
      throw RunLogError(
        path: logPath,
        "the log was made from a different spec (hash \(existing.specHash.prefix(16))…, this one "
          + "\(spec.specHash.prefix(16))…): its runs would not match; write another log (--out) or pass --overwrite")
    }
    let shard = options.shard?.description ?? ""
    guard existing.shard == shard else {
      throw RunLogError(
        path: logPath,
        "the log holds shard \"\(existing.shard)\" but this run is shard \"\(shard)\"; use the log of this shard")
    }
  }

  private func header(provenance: Provenance, startedAt: String, sessions: [SessionRecord]) -> RunLogHeader {
    RunLogHeader(
      experiment: spec.experiment, kind: spec.kindName, spec: spec.text, specPath: spec.path,
      specHash: spec.specHash, specResolved: spec.resolvedJSON, overrides: spec.overrides.joined(separator: "\n"),
      command: options.command, provenance: provenance, startedAt: startedAt, finishedAt: "", target: spec.target,
      plannedRuns: runs.map(\.id), experimentRuns: spec.runs.map(\.id), keyMetrics: spec.kind.keyMetrics,
      shard: options.shard?.description ?? "",
      sessions: SessionRecord.encode(sessions))
  }

  /// Runs one run on the calling (worker) thread.
  static func execute(
    _ run: PlannedRun, kind: any ExperimentKind.Type, wantsPredictions: Bool, queue: RunQueue? = nil
  ) -> RunOutcome {
    let recorder = RunRecorder(runID: run.id, wantsPredictions: wantsPredictions)
    if let queue { recorder.onRound = { queue.report($0) } }
    let startedAt = Provenance.now()
    let clock = ContinuousClock()
    let start = clock.now
    var status = RunStatus.complete
    var message = ""
    do {
      let experiment = try kind.init(parameters: run.parameters)
      try experiment.run(seed: run.seed, recorder: recorder)
    } catch {
      status = .failed
      message = "\(error)"
    }
    let elapsed = clock.now - start
    recorder.setTiming(
      wallSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    return RunOutcome(
      run: run.logged, status: status, error: message, recording: recorder.recording, startedAt: startedAt,
      finishedAt: Provenance.now())
  }
}
