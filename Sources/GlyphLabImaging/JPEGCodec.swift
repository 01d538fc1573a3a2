import CJPEG
import Foundation

/// JPEG reading through libjpeg-turbo's TurboJPEG API, which returns an error code and a
/// message instead of jumping out of (or exiting) the caller, so a corrupt or truncated file
/// becomes a thrown ``ImageError`` naming it.
///
/// Decoding stops on libjpeg's warnings too ("premature end of data segment", "corrupt
/// data: N extraneous bytes"): a truncated scan is refused rather than padded with grey.
public enum JPEGCodec {
  /// The largest image decoded, in pixels (default 2²⁸, 16,384 × 16,384): larger
  /// headers are refused before any memory is allocated.
  public static let maximumPixels = 1 << 28

  /// The most pixels one byte of a JPEG may code before its header is taken for a lie:
  /// 4,096, i.e. 64 blocks of 8×8 per byte.
  public static let pixelsPerByteAtMost = 4096

  /// Decodes JPEG bytes to 8-bit greyscale. Colour images are converted by libjpeg (its
  /// luminance, Y of YCbCr, ITU-R BT.601); the accurate integer IDCT is used.
  ///
  /// - Complexity: O(width × height).
  public static func decodeGray(_ data: [UInt8], path: String = "") throws -> GrayImage {
    try withHeader(data, path: path) { handle, width, height in
      let w = Int(width)
      let h = Int(height)
      guard w > 0, h > 0, w * h <= maximumPixels else {
        throw ImageError(path: path, reason: "unsupported JPEG size \(w)×\(h) (limit \(maximumPixels) pixels)")
      }
      // A scan codes every 8×8 block in at least a bit or two; one byte per 4,096 pixels is
      // far below any real image, so a header promising more is refused before the pixel
      // buffer is allocated (a 25-byte file could otherwise claim 256 MB).
      guard data.count >= (w * h) / pixelsPerByteAtMost else {
        throw ImageError(
          path: path,
          reason: "truncated or corrupt JPEG: its header claims \(w)×\(h) pixels, but the file has only "
            + "\(data.count) bytes (at least \((w * h) / pixelsPerByteAtMost) are needed)")
      }
      var pixels = [UInt8](repeating: 0, count: w * h)
      let flags = glyphlab_tj_flag_stop_on_warning() | glyphlab_tj_flag_accurate_dct()
      let decoded = pixels.withUnsafeMutableBufferPointer { out in
        data.withUnsafeBufferPointer { raw in
          tjDecompress2(
            handle, raw.baseAddress, UInt(raw.count), out.baseAddress, width, width, height,
            glyphlab_tj_pixel_gray(), flags)
        }
      }
      guard decoded == 0 else { throw failure(handle, path: path, stage: "corrupt or truncated JPEG data") }
      return try GrayImage(width: w, height: h, pixels: pixels)
    }
  }

  /// The width and height in a JPEG's header, without decoding the image.
  public static func size(of data: [UInt8], path: String = "") throws -> (width: Int, height: Int) {
    try withHeader(data, path: path) { _, width, height in (Int(width), Int(height)) }
  }

  /// Checks the SOI marker, starts a decoder, reads the header and hands `body` the decoder
  /// and the image's width and height; the decoder is destroyed on every path.
  private static func withHeader<T>(
    _ data: [UInt8], path: String, _ body: (tjhandle, Int32, Int32) throws -> T
  ) throws -> T {
    guard data.count >= 4, data[0] == 0xFF, data[1] == 0xD8 else {
      throw ImageError(path: path, reason: "not a JPEG file (no SOI marker)")
    }
    guard let handle = tjInitDecompress() else {
      throw ImageError(path: path, reason: "cannot start the JPEG decoder")
    }
    defer { tjDestroy(handle) }
    var width: Int32 = 0
    var height: Int32 = 0
    var subsampling: Int32 = 0
    var colorspace: Int32 = 0
    let header = data.withUnsafeBufferPointer { raw in
      tjDecompressHeader3(handle, raw.baseAddress, UInt(raw.count), &width, &height, &subsampling, &colorspace)
    }
    guard header == 0 else { throw failure(handle, path: path, stage: "corrupt JPEG header") }
    // libjpeg-turbo 2.1 can return success without a frame header (e.g. four bytes FF D8 FF EE),
    // leaving the size 0 × 0: not an image.
    guard width > 0, height > 0 else {
      throw ImageError(path: path, reason: "corrupt JPEG header: no frame header gives the image size")
    }
    return try body(handle, width, height)
  }

  /// Reads a JPEG file as 8-bit greyscale.
  public static func readGray(path: String) throws -> GrayImage {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ImageError(path: path, reason: "cannot read file")
    }
    return try decodeGray([UInt8](data), path: path)
  }

  private static func failure(_ handle: tjhandle, path: String, stage: String) -> ImageError {
    let message = tjGetErrorStr2(handle).map { String(cString: $0) } ?? ""
    return ImageError(path: path, reason: message.isEmpty ? stage : "\(stage): \(message)")
  }
}
