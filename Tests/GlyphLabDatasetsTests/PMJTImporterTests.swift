import Foundation
import GlyphLabCore
import GlyphLabImaging
import GlyphLabTestSupport
import Testing

@testable import GlyphLabDatasets

@Suite("PMJT page importer")
struct PMJTImporterTests {
  static let sample = TestPaths.shared("datasets/pmjt-sample")
  /// Two small books (40 and 65 boxes) keep the import fast.
  static let books = ["200021712", "200021763"]
  static let options = ImportOptions(
    metadata: DatasetMetadata(name: "pmjt-test", source: "pmjt-sample", license: "CC-BY-SA-4.0"),
    size: try? ImageSize(height: 48, width: 48))

  /// A folder of links to `books` of the sample (or copies, to be changed by a test).
  static func root(_ books: [String] = books, copy: Bool = false) throws -> URL {
    let root = try TestPaths.temporaryDirectory("pmjt")
    for book in books {
      let source = sample.appendingPathComponent(book)
      let target = root.appendingPathComponent(book)
      if copy {
        try FileManager.default.createDirectory(
          at: target.appendingPathComponent("images"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
          at: source.appendingPathComponent("\(book)_coordinate.csv"),
          to: target.appendingPathComponent("\(book)_coordinate.csv"))
        for file in try FileManager.default.contentsOfDirectory(atPath: source.appendingPathComponent("images").path) {
          try FileManager.default.createSymbolicLink(
            at: target.appendingPathComponent("images/\(file)"),
            withDestinationURL: source.appendingPathComponent("images/\(file)"))
        }
      } else {
        try FileManager.default.createSymbolicLink(at: target, withDestinationURL: source)
      }
    }
    return root
  }

  @Test func everyCSVOfTheSampleParses() throws {
    var total = 0
    for book in try FileManager.default.contentsOfDirectory(atPath: Self.sample.path) where book != "LICENSE" {
      total += try PMJTImporter.parseCSV(
        path: Self.sample.appendingPathComponent("\(book)/\(book)_coordinate.csv").path
      )
      .count
    }
    #expect(total == 2631)
  }

  /// Boxes checked against Pillow and NumPy: the mean ink (255 − luminance) of the box in
  /// the full scan, the box scaled by 0.5 with round-half-up edges, and the character.
  @Test(.enabled(if: PythonPIL.isAvailable)) func boxesMatchAnIndependentDecoder() throws {
    let root = try Self.root()
    defer { try? FileManager.default.removeItem(at: root) }
    let path = root.appendingPathComponent("out.h5").path
    let result = try PMJTImporter(root: root.path, pageScale: 0.5, options: Self.options).run(to: path)
    #expect(result.count == 105 && result.groups == ["book": 2, "page": 2])
    let script = """
      import sys, json, csv, glob, math, os
      import numpy as np
      from PIL import Image
      root, picks = sys.argv[1], [(b, int(r)) for b, r in (p.split(":") for p in sys.argv[2:])]
      out = []
      for book, row in picks:
          with open(os.path.join(root, book, book + "_coordinate.csv"), encoding="utf-8-sig") as f:
              r = list(csv.DictReader(f))[row]
          im = Image.open(os.path.join(root, book, "images", r["Image"] + ".jpg"))
          W, H = im.size
          a = 255 - np.asarray(im.convert("L"), dtype=np.float64)
          x, y, w, h = (int(r[k]) for k in ("X", "Y", "Width", "Height"))
          sw, sh = math.floor(W * 0.5 + 0.5), math.floor(H * 0.5 + 0.5)
          fx, fy = sw / W, sh / H
          x0, y0 = math.floor(x * fx + 0.5), math.floor(y * fy + 0.5)
          x1, y1 = math.floor((x + w) * fx + 0.5), math.floor((y + h) * fy + 0.5)
          out.append({"mean": float(a[y:y + h, x:x + w].mean()), "w": w, "h": h,
                      "char": chr(int(r["Unicode"][2:], 16)), "scaled": [x0, y0, x1 - x0, y1 - y0],
                      "page": [sh, sw]})
      print(json.dumps(out))
      """
    // CSV rows (0-based, without the header) of each book; glyphs are in book, page, row order.
    let picks = [("200021712", 0), ("200021712", 17), ("200021712", 64), ("200021763", 3), ("200021763", 39)]
    let reference = try #require(
      try PythonPIL.json(script, [root.path] + picks.map { "\($0.0):\($0.1)" }) as? [[String: Any]])
    let reader = try GlyphDatasetReader(path: path)
    let classes = try reader.classes()
    let labels = try reader.labels()
    let pages = try reader.pages()
    let images = try reader.allImages()
    #expect(pages.info.map(\.book) == Self.books)
    let fitter = ImageFitter(size: try ImageSize(height: 48, width: 48))
    for ((book, row), expected) in zip(picks, reference) {
      let glyph = (book == Self.books[0] ? 0 : 65) + row
      let page = book == Self.books[0] ? 0 : 1
      #expect(classes[Int(labels[glyph])] == expected["char"] as? String)
      // The glyph: the crop fitted keeping its aspect ratio, centred; area averaging keeps
      // the mean ink of the crop.
      let (w, h) = (try #require(expected["w"] as? Int), try #require(expected["h"] as? Int))
      let (fh, fw) = fitter.scaledSize(height: h, width: w)
      let (top, left) = ((48 - fh) / 2, (48 - fw) / 2)
      var sum = 0
      for y in top..<(top + fh) { for x in left..<(left + fw) { sum += Int(images.pixels[glyph * 2304 + y * 48 + x]) } }
      let mean = try #require(expected["mean"] as? Double)
      #expect(abs(Double(sum) / Double(fh * fw) - mean) < 1.5, "\(book) row \(row): glyph mean vs Pillow \(mean)")
      // The page: the box scaled with it, and the same ink inside.
      let box = Array(pages.boxes[(4 * glyph)..<(4 * glyph + 4)]).map(Int.init)
      #expect(box == expected["scaled"] as? [Int], "\(book) row \(row)")
      #expect([pages.info[page].height, pages.info[page].width] == expected["page"] as? [Int])
      var pageSum = 0
      for y in box[1]..<(box[1] + box[3]) {
        for x in box[0]..<(box[0] + box[2]) {
          pageSum += Int(pages.images[page * pages.height * pages.width + y * pages.width + x])
        }
      }
      let pageMean = Double(pageSum) / Double(box[2] * box[3])
      #expect(abs(pageMean - mean) < 8, "\(book) row \(row): page mean \(pageMean) vs Pillow \(mean)")
    }
    // Pages are padded with paper to the largest one.
    #expect(pages.height == pages.info.map(\.height).max() && pages.width == pages.info.map(\.width).max())
    let small = try #require(pages.info.indices.first { pages.info[$0].width < pages.width })
    let pad = pages.page(small).enumerated().filter { $0.offset % pages.width >= pages.info[small].width }
    #expect(pad.allSatisfy { $0.element == 0 })
  }

  /// Rewrites row `row` (1-based line, the header is line 1) of a copied book's CSV.
  static func editCSV(_ root: URL, book: String, line: Int, _ edit: (String) -> String) throws {
    let url = root.appendingPathComponent("\(book)/\(book)_coordinate.csv")
    // The sample's CSVs end lines with CR LF, one Character in Swift.
    let text = try String(contentsOf: url, encoding: .utf8)
    let separator = text.contains("\r\n") ? "\r\n" : "\n"
    var lines = text.components(separatedBy: separator)
    try #require(line >= 1 && line <= lines.count)
    lines[line - 1] = edit(lines[line - 1])
    try lines.joined(separator: separator).write(to: url, atomically: true, encoding: .utf8)
  }

  static func expectFailure(_ root: URL, mentions: [String]) throws {
    let out = root.appendingPathComponent("out.h5").path
    do {
      try PMJTImporter(root: root.path, pageScale: 0.5, options: options).run(to: out)
      Issue.record("expected an error mentioning \(mentions)")
    } catch let error as DatasetError {
      for text in mentions { #expect(error.description.contains(text), "\(error)") }
    }
    #expect(!FileManager.default.fileExists(atPath: out), "no partial output")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".") }
    #expect(leftovers.isEmpty, "no temporary file left: \(leftovers)")
  }

  @Test func aBoxOutsideItsPageIsAnErrorNamingFileAndRow() throws {
    let root = try Self.root(["200021763"], copy: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try Self.editCSV(root, book: "200021763", line: 5) { line in
      var fields = line.components(separatedBy: ",")
      fields[2] = "2850"  // X; the scan is 2861 wide
      return fields.joined(separator: ",")
    }
    try Self.expectFailure(root, mentions: ["200021763_coordinate.csv", "row 5", "outside its page"])
  }

  @Test(arguments: ["U+D800", "U+110000", "U+FFFE", "U+0007", "X+3042", "U+30"])
  func aCodePointThatIsNotACharacterIsAnError(code: String) throws {
    let root = try Self.root(["200021763"], copy: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try Self.editCSV(root, book: "200021763", line: 3) { line in
      var fields = line.components(separatedBy: ",")
      fields[0] = code
      return fields.joined(separator: ",")
    }
    try Self.expectFailure(root, mentions: ["200021763_coordinate.csv", "row 3", code])
  }

  @Test func aMissingImageIsAnErrorNamingTheRowAndFile() throws {
    let root = try Self.root(["200021763"], copy: true)
    defer { try? FileManager.default.removeItem(at: root) }
    try Self.editCSV(root, book: "200021763", line: 7) { line in
      var fields = line.components(separatedBy: ",")
      fields[1] = "no-such-page"
      return fields.joined(separator: ",")
    }
    try Self.expectFailure(root, mentions: ["row 7", "no-such-page.jpg"])
  }

  @Test(arguments: ["truncated", "corrupt"])
  func aBadJPEGIsAnErrorNamingTheFile(kind: String) throws {
    let root = try Self.root(["200021763"], copy: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let image = root.appendingPathComponent("200021763/images/200021763-00004_2.jpg")
    let bytes = [UInt8](try Data(contentsOf: image))
    try FileManager.default.removeItem(at: image)
    let bad = kind == "truncated" ? Array(bytes.prefix(bytes.count * 2 / 3)) : Array(bytes.prefix(2)) + [1, 2, 3]
    try Data(bad).write(to: image)
    try Self.expectFailure(root, mentions: ["200021763-00004_2.jpg"])
  }
}
