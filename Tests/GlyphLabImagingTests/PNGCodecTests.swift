import Foundation
import GlyphLabImaging
import GlyphLabTestSupport
import Testing

@Suite("PNG codec")
struct PNGCodecTests {
  @Test func roundTripsGreyscale() throws {
    let pixels = (0..<(13 * 7)).map { UInt8(($0 * 37) % 256) }
    let image = try GrayImage(width: 13, height: 7, pixels: pixels)
    let decoded = try PNGCodec.decodeGray(try PNGCodec.encode(image))
    #expect(decoded == image)
  }

  @Test func readsAnOmniglotPNG() throws {
    // Omniglot: 105×105 1-bit PNGs, white background, black ink.
    let root = TestPaths.shared("datasets/omniglot-small/images_background_small1")
    let alphabet = try #require(
      try FileManager.default.contentsOfDirectory(atPath: root.path).sorted().first)
    let characterDir = root.appendingPathComponent(alphabet).appendingPathComponent("character01")
    let file = try #require(
      try FileManager.default.contentsOfDirectory(atPath: characterDir.path).sorted().first)
    let image = try PNGCodec.readGray(path: characterDir.appendingPathComponent(file).path)
    #expect(image.width == 105 && image.height == 105)
    #expect(Set(image.pixels).isSubset(of: [0, 255]))
    let ink = image.pixels.count { $0 == 0 }
    #expect(ink > 50 && ink < 105 * 105 / 2, "mostly white paper with some black ink")
  }

  @Test func corruptDataIsAnErrorNamingTheFile() throws {
    let image = try GrayImage(width: 20, height: 20, pixels: [UInt8](repeating: 9, count: 400))
    let bytes = try PNGCodec.encode(image)
    #expect(throws: ImageError.self) { try PNGCodec.decodeGray(Array(bytes.prefix(bytes.count / 2)), path: "x.png") }
    #expect(throws: ImageError.self) { try PNGCodec.decodeGray([1, 2, 3, 4], path: "x.png") }
    do {
      _ = try PNGCodec.readGray(path: "/nonexistent/file.png")
      Issue.record("expected an error")
    } catch let error as ImageError {
      #expect(error.description.contains("/nonexistent/file.png"))
    }
  }

  @Test func rejectsBadShapes() {
    #expect(throws: ImageError.self) { try GrayImage(width: 2, height: 2, pixels: [1, 2, 3]) }
    #expect(throws: ImageError.self) { try PNGCodec.encode(pixels: [], width: 0, height: 0, channels: 1) }
  }
}
