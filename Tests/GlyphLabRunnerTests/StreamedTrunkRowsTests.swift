import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabRunner
import GlyphLabStrategies
import GlyphLabTestSupport
import GlyphLabTraining
import Testing

/// Trunk outputs streamed from an on-disk feature cache (what embedding fine-tuning reads
/// at each adaptation instead of keeping them resident) give the rows a matrix in memory
/// gives, block by block and gathered, and a cache that goes away mid-run is an error that
/// names it.
@Suite struct StreamedTrunkRowsTests {
  @Test func streamedRowsAreTheCachedMatrixRows() throws {
    let directory = try TestPaths.temporaryDirectory("streamed-rows")
    let dataset = try RunnerFixtures.writeDataset(at: directory.appendingPathComponent("glyphs.h5").path, count: 50)
    let reader = try GlyphDatasetReader(path: dataset)
    let extractor = try PixelFeatures().fitted(on: try reader.images(0..<1), datasetRows: [0])
    let path = directory.appendingPathComponent("cache.h5").path
    let cache = try FeatureCache.compute(
      to: path, identity: FeatureCache.Identity(datasetSHA256: "test", features: "pixels"), reader: reader,
      rows: 0..<50, extractor: extractor, name: "pixels", normalize: false, blockSize: 16)
    let whole = try cache.rows(50)
    let width = whole.columns
    #expect(width == 144)

    // Rows 0..<47 in blocks of 8, the last one short, with the cache's values.
    let streamed = try FeatureCache.StreamedRows(cache, rows: 47)
    #expect(streamed.rows == 47 && streamed.columns == width && streamed.residentBytes == 0)
    var ranges: [Range<Int>] = []
    var values: [Float] = []
    try streamed.forEachBlock(rows: 8) { range, block in
      ranges.append(range)
      values += block.elements
    }
    #expect(ranges == [0..<8, 8..<16, 16..<24, 24..<32, 32..<40, 40..<47])
    #expect(values == Array(whole.elements.prefix(47 * width)))
    // The matrix's own blocks are the same ranges.
    var matrixRanges: [Range<Int>] = []
    try whole.rows(0..<47).forEachBlock(rows: 8) { range, _ in matrixRanges.append(range) }
    #expect(matrixRanges == ranges)

    // Gathered across blocks, out of order and with repeats, as Matrix.gathering gives them.
    let indices = [46, 3, 3, 0, 20, 8, 7, 39, 46]
    let expected = whole.gathering(rows: indices[...])
    #expect(try streamed.gathering(rows: indices, blockRows: 8) == expected)
    #expect(try streamed.gathering(rows: indices, blockRows: 1) == expected)
    #expect(try streamed.rows(at: indices) == expected)
    #expect(try whole.rows(at: indices) == expected)
    #expect(try streamed.rows(at: []).rows == 0)

    // Bad rows are named.
    #expect { try streamed.rows(at: [2, 47]) } throws: { "\($0)".contains("47") && "\($0)".contains("0..<47") }
    #expect { try whole.rows(at: [-1]) } throws: { "\($0)".contains("-1") }
    #expect { try FeatureCache.StreamedRows(cache, rows: 51) } throws: { "\($0)".contains(path) }

    // A cache removed or replaced with other features during the run is refused by name.
    try FileManager.default.removeItem(atPath: path)
    #expect { try streamed.forEachBlock(rows: 8) { _, _ in } } throws: { "\($0)".contains(path) }
    try FeatureCache.compute(
      to: path, identity: FeatureCache.Identity(datasetSHA256: "test", features: "other"), reader: reader,
      rows: 0..<50, extractor: extractor, name: "pixels", normalize: false)
    #expect { try streamed.rows(at: [1]) } throws: { "\($0)".contains(path) && "\($0)".contains("changed") }
  }
}
