import GlyphLabDetection
import GlyphLabPipeline
import Testing

@Suite("Page reading")
struct PageReadingTests {
  @Test func matchesAreOneToOneByIoU() {
    let truth = [PixelBox(x: 0, y: 0, width: 10, height: 10), PixelBox(x: 0, y: 12, width: 10, height: 10)]
    // A merged detection covering both truths matches neither at IoU 0.5; a shifted box matches.
    let merged = [PixelBox(x: 0, y: 0, width: 10, height: 22)]
    #expect(PageReading.matches(truth: truth, detections: merged).isEmpty)
    let good = [PixelBox(x: 0, y: 13, width: 10, height: 10), PixelBox(x: 1, y: 0, width: 10, height: 10)]
    let pairs = PageReading.matches(truth: truth, detections: good).sorted { $0.0 < $1.0 }
    #expect(pairs.map(\.0) == [0, 1] && pairs.map(\.1) == [1, 0])
    // Two detections of one truth: only one counts.
    let twice = [PixelBox(x: 0, y: 0, width: 10, height: 10), PixelBox(x: 0, y: 1, width: 10, height: 10)]
    #expect(PageReading.matches(truth: [truth[0]], detections: twice).count == 1)
  }
}
