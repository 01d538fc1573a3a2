import Foundation
import GlyphLabAnnotation
import GlyphLabDatasets
import GlyphLabImaging
import GlyphLabTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("the glyph on its page", .serialized)
struct PageImageTests {
  typealias F = AnnotationFixtures

  @Test func theServerShowsEachGlyphOnItsPageWithItsBox() async throws {
    let (directory, spec, log) = try F.setUp("annotate-pages", pages: true)
    let session = try F.session(spec: spec, log: log)
    #expect(session.pages.isAvailable)
    let server = try AnnotationServer(session: session, token: F.token)
    session.start()
    let reader = try GlyphDatasetReader(path: directory.appendingPathComponent("glyphs.h5").path)
    let pages = try reader.pages()
    try await server.application().test(.live) { client in
      let state = try await F.nextState(client, after: 0)
      #expect(state.pages)
      for g in [0, 7, 40] {
        let response = try await client.execute(uri: "/page/\(g).png", method: .get, headers: F.headers)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "image/png")
        let image = try PNGCodec.decodeGray(Array(response.body.readableBytesView))
        // The window is the whole (small) page; inside the box, the page as it is (ink dark);
        // on the box's edge, the red outline.
        #expect(image.width == F.pageSide && image.height == F.pageSide)
        let (page, x, y) = F.pageBox(g)
        let original = pages.page(page)
        for (px, py) in [(x + 3, y + 3), (x + 6, y + 8), (x + 10, y + 2)] {
          let expected = 255 - Int(original[original.startIndex + py * F.pageSide + px])
          #expect(abs(Int(image.pixels[py * image.width + px]) - expected) <= 1, "glyph \(g) at \(px),\(py)")
        }
        // The outline: one colour on all four sides (red, in grey), unlike the page there.
        let side = 12
        let edges = [
          (x + 5, y), (x + 5, y + side - 1), (x, y + 5), (x + side - 1, y + 5), (x - 1, y - 1), (x - 2, y + 4),
        ]
        let values = edges.map { Int(image.pixels[$0.1 * image.width + $0.0]) }
        #expect(Set(values).count == 1, "outline of glyph \(g): \(values)")
        let page0 = edges.map { 255 - Int(original[original.startIndex + $0.1 * F.pageSide + $0.0]) }
        #expect(zip(values, page0).contains { abs($0 - $1) > 12 }, "outline of glyph \(g): \(values) vs \(page0)")
      }
      let unknown = try await client.execute(uri: "/page/45.png", method: .get, headers: F.headers)
      #expect(unknown.status == .notFound)
      #expect(F.message(unknown).contains("unknown glyph 45"))
      let noToken = try await client.execute(uri: "/page/0.png", method: .get)
      #expect(noToken.status == .unauthorized)
    }
    session.stop()
  }

  @Test func aDatasetWithoutPageBoxesForItsGlyphsHasNoPageImages() async throws {
    let (_, spec, log) = try F.setUp("annotate-no-pages")
    let session = try F.session(spec: spec, log: log)
    #expect(!session.pages.isAvailable)
    let server = try AnnotationServer(session: session, token: F.token)
    session.start()
    try await server.application().test(.live) { client in
      let state = try await F.nextState(client, after: 0)
      #expect(!state.pages)
      let response = try await client.execute(uri: "/page/0.png", method: .get, headers: F.headers)
      #expect(response.status == .notFound)
      #expect(F.message(response).contains("no pages"))
    }
    session.stop()

    // Pages whose boxes are not the glyphs (another count, or other labels): no mapping.
    let directory = try TestPaths.temporaryDirectory("annotate-other-pages")
    let path = directory.appendingPathComponent("other.h5").path
    try F.writeDataset(at: path, count: 45, pages: true)
    let reader = try GlyphDatasetReader(path: path)
    #expect(try PageImageStore(reader: reader, glyphs: 45).isAvailable)
    #expect(try PageImageStore(reader: reader, glyphs: 45).png(44) != nil)
    #expect(try PageImageStore(reader: reader, glyphs: 10).png(20) == nil)
  }
}
