import FuzzSupport
import GlyphLabRunner

/// The run-log reader on arbitrary bytes as an HDF5 file: the header, then every run's
/// entry, curves, episodes and predictions.
func fuzzRunLogReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let path = FuzzInput.file("log.h5", UnsafeRawBufferPointer(start: data, count: size))
  defer { FuzzInput.clean() }
  guard let reader = try? RunLogReader(path: path) else { return 0 }
  for id in ((try? reader.runIDs()) ?? []).prefix(16) {
    _ = try? reader.entry(id)
    _ = try? reader.recording(id)
  }
  _ = try? reader.entries()
  return 0
}

FuzzInput.runDriver { data, size in
  guard let data else { return 0 }
  return fuzzRunLogReader(data, size)
}
