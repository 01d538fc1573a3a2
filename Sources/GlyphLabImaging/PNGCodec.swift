import CPNG
import Foundation

/// PNG reading and writing through libpng's simplified API, which reports errors instead
/// of jumping out of the caller, so a corrupt or truncated file becomes a thrown error.
public enum PNGCodec {
  /// libpng's version string.
  public static var libraryVersion: String { String(cString: glyphlab_png_libversion()) }

  /// Decodes PNG bytes to 8-bit greyscale (colour is converted by libpng; alpha is
  /// composited on white).
  public static func decodeGray(_ data: [UInt8], path: String = "") throws -> GrayImage {
    var image = png_image()
    image.version = glyphlab_png_image_version()
    let begun = data.withUnsafeBytes { raw in
      png_image_begin_read_from_memory(&image, raw.baseAddress, raw.count)
    }
    guard begun != 0 else { throw failure(&image, path: path, fallback: "not a PNG file") }
    defer { png_image_free(&image) }
    image.format = glyphlab_png_format_gray()
    let width = Int(image.width)
    let height = Int(image.height)
    guard width > 0, height > 0, width * height <= 1 << 28 else {
      throw ImageError(path: path, reason: "unsupported PNG size \(width)×\(height)")
    }
    var pixels = [UInt8](repeating: 255, count: width * height)
    var background = png_color(red: 255, green: 255, blue: 255)
    let finished = pixels.withUnsafeMutableBytes { raw in
      png_image_finish_read(&image, &background, raw.baseAddress, Int32(width), nil)
    }
    guard finished != 0 else { throw failure(&image, path: path, fallback: "corrupt PNG data") }
    return try GrayImage(width: width, height: height, pixels: pixels)
  }

  /// Reads a PNG file as 8-bit greyscale.
  public static func readGray(path: String) throws -> GrayImage {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ImageError(path: path, reason: "cannot read file")
    }
    return try decodeGray([UInt8](data), path: path)
  }

  /// Encodes a greyscale image as PNG bytes.
  public static func encode(_ gray: GrayImage) throws -> [UInt8] {
    try encode(pixels: gray.pixels, width: gray.width, height: gray.height, channels: 1)
  }

  /// Encodes 8-bit pixels with 1 (grey) or 3 (RGB) channels as PNG bytes.
  public static func encode(pixels: [UInt8], width: Int, height: Int, channels: Int) throws -> [UInt8] {
    guard width > 0, height > 0, channels == 1 || channels == 3,
      pixels.count == width * height * channels
    else {
      throw ImageError(path: "", reason: "cannot encode \(pixels.count) bytes as \(width)×\(height)×\(channels)")
    }
    var image = png_image()
    image.version = glyphlab_png_image_version()
    image.width = UInt32(width)
    image.height = UInt32(height)
    image.format = channels == 1 ? glyphlab_png_format_gray() : glyphlab_png_format_rgb()
    var size: png_alloc_size_t = 0
    let sized = pixels.withUnsafeBytes { raw in
      png_image_write_to_memory(&image, nil, &size, 0, raw.baseAddress, Int32(width * channels), nil)
    }
    guard sized != 0 else { throw failure(&image, path: "", fallback: "PNG encoding failed") }
    var out = [UInt8](repeating: 0, count: Int(size))
    let written = out.withUnsafeMutableBytes { dst in
      pixels.withUnsafeBytes { raw in
        png_image_write_to_memory(&image, dst.baseAddress, &size, 0, raw.baseAddress, Int32(width * channels), nil)
      }
    }
    guard written != 0 else { throw failure(&image, path: "", fallback: "PNG encoding failed") }
    return Array(out.prefix(Int(size)))
  }

  /// Writes PNG bytes to `path` atomically (a temporary file, then rename).
  public static func write(_ bytes: [UInt8], to path: String) throws {
    do {
      try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw ImageError(path: path, reason: "cannot write: \(error.localizedDescription)")
    }
  }

  private static func failure(_ image: inout png_image, path: String, fallback: String) -> ImageError {
    let message = withUnsafeBytes(of: &image.message) { raw in
      String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
    png_image_free(&image)
    return ImageError(path: path, reason: message.isEmpty ? fallback : "PNG error: \(message)")
  }
}
