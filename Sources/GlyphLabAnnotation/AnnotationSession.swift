import CGlyphLabRuntime
import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabFiles
import GlyphLabHDF5
import GlyphLabImaging
import GlyphLabPipeline
import GlyphLabRunLog
import GlyphLabRunner

/// One person's session on one `pipeline` spec: the spec's pipeline, with a person taking the
/// simulated annotator's place (``HumanAnnotator``), run on its own thread, and logged to the
/// run log (``GlyphLabRunner/AnnotationRunLog``): committed after every round, on undo and on
/// stop, with every answer and its timing in the run's `annotations` table.
///
/// Undo and `--resume` restart the run and replay the answers kept (the loop is deterministic
/// for its seed), so the curves, ledger and predictions are exactly those of the answers given.
public final class AnnotationSession: @unchecked Sendable {
  /// The log.
  public let log: AnnotationRunLog
  /// Where the pipeline and the server meet.
  public let desk: AnnotationDesk
  /// The glyph images, for the page.
  public let images: GlyphImageStore
  /// The page around each glyph, where the dataset's glyphs are its page boxes.
  public let pages: PageImageStore

  private let kind: PipelineExperimentKind
  private let ended = DispatchSemaphore(value: 0)
  private let preparing = DispatchQueue(label: "glyphlab.annotate.images", qos: .utility)
  private let stateLock = NSLock()
  private var commitCount = 0
  private var outcome = ""

  /// Opens the session of `spec` (one seed, a `pipeline` spec) with its log at `logPath`
  /// (default: beside the spec's log, `NAME.annotation.h5`); `resume` continues an existing
  /// session, replaying its answers. Throws naming the spec, log or dataset when they do not fit.
  public init(
    spec: ExperimentSpec, logPath: String?, resume: Bool, policy: OutputPolicy, command: String
  )
    throws
  {
    log = try AnnotationRunLog(
      spec: spec, path: logPath, resume: resume, policy: policy, command: command)
    kind = try PipelineExperimentKind(parameters: log.run.parameters)
    try kind.checkInputs()
    let reader = try GlyphDatasetReader(path: kind.dataset)
    let limit = try log.run.parameters.int("dataset.limit")
    let glyphs = limit > 0 ? min(limit, reader.count) : reader.count
    var earlier: [TimedAction] = []
    if log.resumed {
      let file = try HDF5File(path: log.path, mode: .readOnly)
      if file.exists(log.runGroupPath) { earlier = try ActionTable.read(from: try file.openGroup(log.runGroupPath)) }
    }
    pages = try PageImageStore(reader: reader, glyphs: glyphs)
    desk = AnnotationDesk(
      classNames: try reader.classes(), glyphs: glyphs, costs: kind.settings.costs, budgetSeconds: nil,
      earlier: earlier, pages: pages.isAvailable)
    images = try GlyphImageStore(images: reader.images(0..<glyphs))
  }

  /// When the spec refits the model: with `background`, the person answers the next batch
  /// while it refits; with `after-batch`, they wait for each refit.
  public var refit: PipelineConfiguration.Refit { kind.settings.pipeline.refit }

  /// The number of log commits so far.
  public var commits: Int {
    stateLock.lock()
    defer { stateLock.unlock() }
    return commitCount
  }

  /// How the run ended ("" while it runs): "complete (budget)", "interrupted", or the error.
  public var result: String {
    stateLock.lock()
    defer { stateLock.unlock() }
    return outcome
  }

  /// How much nicer than the server the pipeline's thread (and the refits it starts) runs:
  /// on a busy machine the page's requests are served before the model's work.
  public static let pipelineNiceness: Int32 = 10

  /// Starts the pipeline on its own thread (with `blasThreads` BLAS threads), at
  /// ``pipelineNiceness`` below the server's priority.
  ///
  /// The session does not keep the `Thread`: its closure holds the session until the run ends,
  /// and a session holding the thread back would be a cycle that never frees either (the
  /// session, its images, desk and log), which LeakSanitizer reported for every session.
  public func start(blasThreads: Int = 1) {
    let thread = Thread { [self] in
      _ = glyphlab_lower_thread_priority(Self.pipelineNiceness)
      BLAS.threadCount = max(1, blasThreads)
      runGenerations()
      ended.signal()
    }
    thread.stackSize = 16 << 20
    thread.start()
  }

  /// Stops the session (a waiting query is dropped) and waits until the log is committed.
  public func stop() {
    desk.stop()
    waitUntilEnded()
  }

  /// Waits until the run has ended and its log is committed.
  public func waitUntilEnded() {
    ended.wait()
    ended.signal()
  }

  /// Runs the pipeline until it ends, restarting it after every undo.
  func runGenerations() {
    while true {
      let replay = desk.activeActions()
      let recorder = RunRecorder(runID: log.run.id, wantsPredictions: log.spec.logPredictions)
      do {
        try kind.run(seed: log.run.seed, recorder: recorder) { [self] _, experiment in
          desk.setBudget(experiment.pipeline.budgetSeconds)
          return HumanAnnotator(
            desk: desk, replay: replay, onLive: { [self] in try commit(recorder, status: .running) },
            onRound: { [self] _ in try commit(recorder, status: .running) },
            prepare: { [self] query in prepareImages(query) })
        }
        try recordMeasurements(recorder)
        try commit(recorder, status: .complete)
        let reason = recorder.recording.strings["stop_reason"] ?? ""
        finish("complete (\(reason))")
        desk.end(.finished, message: "the run is complete (stopped by \(reason)); the log is committed")
        return
      } catch DeskInterruption.undo {
        desk.restarted()
        continue
      } catch DeskInterruption.stop {
        let committed = (try? commit(recorder, status: .interrupted)) != nil
        finish(committed ? "interrupted" : "interrupted (the last commit failed)")
        desk.end(.stopped, message: "stopped; the log holds every answer given")
        return
      } catch {
        try? commit(recorder, status: .failed, error: "\(error)")
        finish("\(error)")
        desk.end(.stopped, message: "\(error)")
        return
      }
    }
  }

  /// Encodes `query`'s glyph and page images on a queue of their own, so the page's requests
  /// for them find them ready and the pipeline's thread does not wait for the encoding.
  func prepareImages(_ query: AnnotationQuery) {
    let (images, pages) = (self.images, self.pages)
    preparing.async {
      for g in query.members { _ = try? images.png(g) }
      _ = try? pages.png(query.glyph)
    }
  }

  /// The measured-time summary scalars of a finished session.
  func recordMeasurements(_ recorder: RunRecorder) throws {
    let active = desk.allActions().filter { !$0.undone }
    try recorder.setString("annotator", "person")
    try recorder.setScalar("measured_seconds", active.reduce(0) { $0 + $1.seconds })
    try recorder.setInteger("undone_actions", desk.allActions().count - active.count)
  }

  func commit(_ recorder: RunRecorder, status: RunStatus, error: String = "") throws {
    let actions = desk.allActions()
    try log.commit(recorder.recording, status: status, error: error) { group in
      try ActionTable.write(actions, into: group)
    }
    stateLock.lock()
    commitCount += 1
    stateLock.unlock()
  }

  func finish(_ text: String) {
    stateLock.lock()
    outcome = text
    stateLock.unlock()
    log.close()
  }
}
