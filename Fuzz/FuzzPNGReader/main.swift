import FuzzSupport
import GlyphLabImaging

/// The PNG decoder (libpng's simplified API behind `PNGCodec`).
func fuzzPNGReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  _ = try? PNGCodec.decodeGray(Array(UnsafeBufferPointer(start: data, count: size)), path: "fuzz.png")
  return 0
}

FuzzInput.runDriver { data, size in
  guard let data else { return 0 }
  return fuzzPNGReader(data, size)
}
