/// Why the desk stopped waiting for an answer: the pipeline thread unwinds with it.
enum DeskInterruption: Error, Equatable {
  /// The person undid the last answer: the run restarts and replays the others.
  case undo
  /// The session is stopping (Ctrl-C, or the server shut down).
  case stop
}
