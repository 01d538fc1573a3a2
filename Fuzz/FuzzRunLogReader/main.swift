import FuzzSupport
import GlyphLabRunLog

/// The run-log reader (the one the runner, `runs`, `merge` and the report all use) on
/// arbitrary bytes as an HDF5 file: the header and root attributes, then every run's entry,
/// curves, episodes and predictions, and the shared datasets.
func fuzzRunLogReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let path = FuzzInput.file("log.h5", UnsafeRawBufferPointer(start: data, count: size))
  defer { FuzzInput.clean() }
  guard let reader = try? RunLogReader(path: path) else { return 0 }
  _ = try? reader.rootAttributes()
  for id in ((try? reader.runIDs()) ?? []).prefix(16) {
    _ = try? reader.entry(id)
    _ = try? reader.recording(id)
  }
  _ = try? reader.entries()
  _ = try? reader.datasets()
  return 0
}

FuzzInput.runDriver { data, size in
  guard let data else { return 0 }
  return fuzzRunLogReader(data, size)
}
