import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabImaging
import GlyphLabTestSupport
import Testing

@Suite("Dataset inspection")
struct DatasetInspectorTests {
  /// 12 images of 4×4 in classes with 5, 3, 1, 1 and 0 glyphs plus 2 unknown; image k is
  /// filled with ink in its first k mod 8 pixels, so images 8–11 repeat images 0–3.
  static func writeTail(at path: String) throws {
    let labels: [Int32] = [0, 0, 0, 0, 0, 1, 1, 1, 2, 3, -1, -1]
    var pixels: [UInt8] = []
    for k in 0..<12 { pixels += (0..<16).map { $0 < k % 8 ? 255 : 0 } }
    let writer = try GlyphDatasetWriter(path: path, metadata: DatasetFixtures.metadata, height: 4, width: 4)
    try writer.declareGroup("font", values: ["Song", "Kai", "Hei"])
    try writer.append(images: pixels, labels: labels, groups: ["font": labels.map { $0 < 0 ? -1 : $0 % 2 }])
    try writer.setClasses(["a", "b", "c", "d", "e"])
    try writer.addFeatures("clip", Matrix(rows: 12, columns: 7))
    try writer.declarePages(height: 10, width: 10)
    try writer.appendPage(pixels: [UInt8](repeating: 0, count: 100), boxes: [0, 0, 4, 4], boxLabels: [1])
    try writer.finish()
  }

  @Test func summaryCountsTheLongTailGroupsAndDuplicates() throws {
    let directory = try TestPaths.temporaryDirectory("inspect")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("tail.h5").path
    try Self.writeTail(at: path)
    let summary = try DatasetInspector(path: path, batchImages: 5).summary()
    #expect((summary.count, summary.height, summary.width) == (12, 4, 4))
    let f = summary.classFrequency
    #expect((f.classes, f.labelled, f.unknown, f.empty, f.singletons) == (5, 10, 2, 1, 2))
    #expect((f.largest, f.median, f.smallest) == (5, 2, 1))  // non-empty sizes 5, 3, 1, 1
    // Of 10 labelled glyphs, class a holds 5 (50%), a+b+c 9 (90%), all four 10.
    #expect(
      f.coverage == [.init(percent: 50, classes: 1), .init(percent: 90, classes: 3), .init(percent: 99, classes: 4)])
    #expect(f.top.map(\.name) == ["a", "b", "c", "d"])
    #expect(summary.groups.count == 1)
    #expect(summary.groups[0].values.map(\.count) == [6, 4, 0])  // a, c → Song; b, d → Kai
    #expect(summary.groups[0].unknown == 2)
    #expect(summary.features == [.init(name: "clip", rows: 12, columns: 7)])
    #expect(summary.pages == .init(count: 1, height: 10, width: 10, boxes: 1))
    // Images 8–11 repeat 0–3: labels c, d, −1, −1 against a, a, a, a.
    #expect(summary.duplicateImages == 4)
    #expect(summary.duplicatesAcrossClasses == 4)
    let ink = (0..<12).map { $0 % 8 }.reduce(0, +)
    #expect(summary.inkFraction == Double(ink) / Double(12 * 16))
    let text = summary.text()
    #expect(text.contains("50% of glyphs in 1 classes, 90% of glyphs in 3 classes, 99% of glyphs in 4 classes"))
    #expect(text.contains("warning: 4 images repeat an earlier image exactly"))
    #expect(text.contains("clip: 12 x 7"))
  }

  @Test func contactSheetShowsClassesAndGroupValues() throws {
    let directory = try TestPaths.temporaryDirectory("inspect")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("tail.h5").path
    try Self.writeTail(at: path)
    let sheetPath = DatasetInspector.defaultSheetPath(for: path)
    #expect(sheetPath == directory.appendingPathComponent("tail.sheet.png").path)
    let layout = ContactSheet(samplesPerRow: 3, maxClassRows: 3, maxValueRows: 5, tileSize: 16)
    let rows = try DatasetInspector(path: path).writeContactSheet(to: sheetPath, sheet: layout)
    // Classes by frequency a(5) b(3) c(1) d(1), three spread over them: a, b, d.
    #expect(rows.map(\.title) == ["a", "b", "d", "Song", "Kai"])
    #expect(rows[0].indices == [0, 2, 4])
    #expect(rows[1].indices == [5, 6, 7])
    #expect(rows[3].section == "group font")
    let sheet = try PNGCodec.readGray(path: sheetPath)
    // 5 rows of 16-px tiles with 2-px gaps, one 6-px band (+gap) between sections.
    #expect(sheet.height == 2 + 5 * 18 + 8)
    #expect(sheet.width == (8 + 6) + 3 * 18 + 2)
    #expect(sheet.pixels.contains(0) && sheet.pixels.contains(255))
  }

  @Test func inspectingANonDatasetFails() throws {
    let directory = try TestPaths.temporaryDirectory("inspect")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("x.h5").path
    try Data([0x89, 0x48, 0x44, 0x46]).write(to: URL(fileURLWithPath: path))
    let error = #expect(throws: DatasetError.self) { try DatasetInspector(path: path).summary() }
    #expect(error?.path == path)
  }
}
