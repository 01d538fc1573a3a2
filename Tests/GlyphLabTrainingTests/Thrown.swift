/// The error `body` throws, or nil.
func thrown(_ body: () throws -> Void) -> (any Error)? {
  do {
    try body()
    return nil
  } catch {
    return error
  }
}

/// The error's description, or "" for none.
func describe(_ error: (any Error)?) -> String { error.map { "\($0)" } ?? "" }
