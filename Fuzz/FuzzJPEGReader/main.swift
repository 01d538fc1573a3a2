import FuzzSupport
import GlyphLabImaging

/// The JPEG decoder (libjpeg-turbo's TurboJPEG API behind `JPEGCodec`): the header reader
/// alone, then a full decode; both must throw or succeed, never crash.
func fuzzJPEGReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = try? JPEGCodec.size(of: bytes, path: "fuzz.jpg")
  _ = try? JPEGCodec.decodeGray(bytes, path: "fuzz.jpg")
  return 0
}

FuzzInput.runDriver { data, size in
  guard let data else { return 0 }
  return fuzzJPEGReader(data, size)
}
