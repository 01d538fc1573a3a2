import FuzzSupport
import GlyphLabDatasets

/// The dataset reader (`Datasets/README.md` layout) on arbitrary bytes as an HDF5 file:
/// opening, then every accessor a command uses.
func fuzzDatasetReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let path = FuzzInput.file("dataset.h5", UnsafeRawBufferPointer(start: data, count: size))
  defer { FuzzInput.clean() }
  guard let reader = try? GlyphDatasetReader(path: path) else { return 0 }
  _ = try? reader.labels()
  _ = try? reader.classes()
  _ = try? reader.images(0..<min(reader.count, 8))
  for name in (try? reader.groupNames()) ?? [] { _ = try? reader.group(name) }
  for name in (try? reader.featureNames()) ?? [] { _ = try? reader.features(name) }
  _ = try? reader.pages()
  return 0
}

FuzzInput.runDriver { data, size in
  guard let data else { return 0 }
  return fuzzDatasetReader(data, size)
}
