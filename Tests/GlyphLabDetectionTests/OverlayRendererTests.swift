import GlyphLabCore
import GlyphLabDetection
import GlyphLabImaging
import Testing

@Suite("Overlay renderer")
struct OverlayRendererTests {
  @Test func drawsOutlinesInTheirColours() throws {
    let (width, height) = (20, 10)
    var pixels = [UInt8](repeating: 0, count: width * height)
    pixels[5 * width + 10] = 255
    let renderer = OverlayRenderer()
    let detection = PixelBox(x: 2, y: 2, width: 5, height: 4)
    let truth = PixelBox(x: 9, y: 1, width: 8, height: 8)
    let rgb = try renderer.render(
      pixels: pixels, width: width, height: height,
      detections: [detection, PixelBox(x: 15, y: 5, width: 10, height: 10)],
      truth: [truth])
    func color(_ x: Int, _ y: Int) -> [UInt8] { Array(rgb[(3 * (y * width + x))..<(3 * (y * width + x) + 3)]) }
    let red = [renderer.detectionColor.0, renderer.detectionColor.1, renderer.detectionColor.2]
    let green = [renderer.truthColor.0, renderer.truthColor.1, renderer.truthColor.2]
    #expect(rgb.count == width * height * 3)
    #expect(color(0, 0) == [255, 255, 255])  // paper is white
    #expect(color(10, 5) == [0, 0, 0])  // ink is black
    #expect(color(2, 2) == red && color(6, 5) == red && color(4, 2) == red && color(2, 4) == red)
    #expect(color(3, 3) == [255, 255, 255])  // inside is left alone
    #expect(color(9, 1) == green && color(16, 8) == green)
    // A box cut by the page edge has no outline along the cut.
    #expect(color(15, 9) == red && color(19, 7) != red)
    let png = try renderer.png(pixels: pixels, width: width, height: height, detections: [detection])
    #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    #expect(throws: GlyphLabError.self) { try renderer.render(pixels: [1], width: 2, height: 2, detections: []) }
  }
}
