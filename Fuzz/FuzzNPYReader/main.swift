import FuzzSupport

@testable import GlyphLabDatasets

/// The `.npy` parser behind `datasets import features`.
func fuzzNPYReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  _ = try? NPYReader.parse(UnsafeRawBufferPointer(start: data, count: size), path: "fuzz.npy")
  return 0
}

FuzzInput.runDriver { data, size in
  guard let data else { return 0 }
  return fuzzNPYReader(data, size)
}
