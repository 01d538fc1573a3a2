import GlyphLabCore
import GlyphLabStrategies
import GlyphLabTestSupport
import Testing

@Suite("FeatureExtractors")
struct FeatureExtractorTests {
  static func images(count: Int = 40, height: Int = 24, width: Int = 24, seed: UInt64 = 1) throws -> GlyphImages {
    try HOGFeaturesTests.randomImages(count: count, height: height, width: width, seed: seed, binary: true)
  }

  @Test func pixelsAreInkOver255() throws {
    let images = try GlyphImages(
      count: 2, height: 2, width: 3, pixels: [0, 255, 51, 102, 0, 0, 255, 255, 255, 0, 0, 0])
    let x = try PixelFeatures().features(of: images)
    #expect(x.rows == 2 && x.columns == 6)
    #expect(Array(x.row(0)) == [0, 1, 0.2, 0.4, 0, 0])
    #expect(Array(x.row(1)) == [1, 1, 1, 0, 0, 0])
  }

  @Test func downsamplingAveragesBlocksIncludingCutOffEdges() throws {
    let images = try Self.images(count: 5, height: 23, width: 17, seed: 2)
    for factor in [1, 2, 3, 5] {
      let x = try PixelFeatures(downsample: factor).features(of: images)
      let outHeight = (23 + factor - 1) / factor
      let outWidth = (17 + factor - 1) / factor
      #expect(x.columns == outHeight * outWidth)
      for i in 0..<images.count {
        let image = Array(images.image(i))
        for oy in 0..<outHeight {
          for ox in 0..<outWidth {
            var sum = 0.0
            var covered = 0
            for y in (oy * factor)..<min(23, (oy + 1) * factor) {
              for x in (ox * factor)..<min(17, (ox + 1) * factor) {
                sum += Double(image[y * 17 + x]) / 255
                covered += 1
              }
            }
            #expect(abs(Double(x[i, oy * outWidth + ox]) - sum / Double(covered)) < 1e-6)
          }
        }
      }
    }
  }

  @Test func rowNormalisation() throws {
    let images = try Self.images(count: 6, seed: 3)
    let plain = try PixelFeatures(downsample: 2).features(of: images)
    let normalized = try PixelFeatures(downsample: 2, normalizeRows: true).features(of: images)
    for i in 0..<images.count {
      let norm = plain.row(i).reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
      for j in 0..<plain.columns { #expect(abs(Double(normalized[i, j]) - Double(plain[i, j]) / norm) < 1e-6) }
    }
    let blank = try GlyphImages(count: 1, height: 4, width: 4, pixels: [UInt8](repeating: 0, count: 16))
    #expect(try PixelFeatures(normalizeRows: true).features(of: blank).elements.allSatisfy { $0 == 0 })
  }

  @Test func fittedExtractorsRefuseAnotherImageSize() throws {
    let images = try Self.images(height: 24, width: 24)
    let other = try Self.images(count: 3, height: 24, width: 23)
    for extractor in [PixelFeatures(downsample: 2) as any FeatureExtractor, HOGFeatures(cellSize: 4, blockSize: 2)] {
      let fitted = try extractor.fitted(on: images)
      #expect(try fitted.features(of: images).columns == fitted.dimension)
      #expect(throws: GlyphLabError.self) { try fitted.features(of: other) }
    }
    #expect(throws: GlyphLabError.self) { try PixelFeatures(downsample: 0).fitted(on: images) }
  }

  @Test func pcaStageMatchesCorePCA() throws {
    let x = NaiveReference.random(rows: 200, columns: 12, seed: 5)
    var shifted = x
    try shifted.subtractFromRows((0..<12).map { Float(-3 - $0) })  // a non-zero mean
    for whiten in [false, true] {
      let fitted = try PCAFeatures(components: 5, whiten: whiten).fitted(on: shifted)
      #expect(fitted.inputDimension == 12 && fitted.outputDimension == 5)
      let model = try PCA(components: 5, whiten: whiten).fit(shifted)
      let expected = try model.transform(shifted)
      let y = try fitted.transform(shifted)
      for i in 0..<200 {
        for j in 0..<5 { #expect(abs(y[i, j] - expected[i, j]) < 1e-4 * max(1, abs(expected[i, j]))) }
      }
    }
  }

  @Test func whiteningConstantFeaturesIsAClearError() throws {
    // Columns 2 and 3 copy columns 0 and 1: rank 2, so a third whitened component is noise.
    let base = NaiveReference.random(rows: 50, columns: 2, seed: 6)
    let x = Matrix(rows: 50, columns: 4) { i, j in base[i, j % 2] }
    #expect(throws: GlyphLabError.self) { try PCAFeatures(components: 3, whiten: true).fitted(on: x) }
    _ = try PCAFeatures(components: 2, whiten: true).fitted(on: x)
    _ = try PCAFeatures(components: 3, whiten: false).fitted(on: x)
    let constant = Matrix(rows: 30, columns: 3, repeating: 0.5)
    #expect(throws: GlyphLabError.self) { try PCAFeatures(components: 1, whiten: true).fitted(on: constant) }
    // Through a composition: blank images give constant (zero) HOG features.
    let blank = try GlyphImages(count: 10, height: 16, width: 16, pixels: [UInt8](repeating: 0, count: 2560))
    let composed = ComposedFeatures(
      HOGFeatures(cellSize: 4, blockSize: 2), then: PCAFeatures(components: 2, whiten: true))
    #expect(throws: GlyphLabError.self) { try composed.fitted(on: blank) }
  }

  @Test func pcaStageBadInput() throws {
    let x = NaiveReference.random(rows: 20, columns: 4, seed: 7)
    let fitted = try PCAFeatures(components: 2).fitted(on: x)
    #expect(throws: GlyphLabError.self) { try fitted.transform(Matrix(rows: 3, columns: 5)) }
    var bad = x
    bad[2, 2] = .nan
    #expect(throws: GlyphLabError.self) { try fitted.transform(bad) }
    #expect(throws: GlyphLabError.self) { try PCAFeatures(components: 2).fitted(on: bad) }
    #expect(throws: GlyphLabError.self) { try PCAFeatures(components: 5).fitted(on: x) }
  }

  @Test func hogThenPCAFitsTheSecondStageOnTheFirstStagesOutput() throws {
    let images = try Self.images(count: 120, height: 32, width: 32, seed: 8)
    let fitRows = Array(stride(from: 0, to: 120, by: 2))
    let fitImages = images.gathering(fitRows)
    let hog = HOGFeatures(cellSize: 8, blockSize: 2)
    let composed = ComposedFeatures(hog, then: PCAFeatures(components: 10, whiten: true), batchSize: 7)
    #expect(composed.name == "hog-o9-c8-b2+pca10w")
    let fitted = try composed.fitted(on: fitImages, datasetRows: fitRows)
    #expect(fitted.dimension == 10)
    let y = try fitted.features(of: images)

    // By hand: PCA fitted on the HOG of the fitting images, applied to the HOG of all.
    let model = try PCA(components: 10, whiten: true).fit(hog.features(of: fitImages))
    let expected = try model.transform(hog.features(of: images))
    #expect(y.rows == 120 && y.columns == 10)
    for i in 0..<120 {
      for j in 0..<10 { #expect(abs(y[i, j] - expected[i, j]) < 1e-3 * max(1, abs(expected[i, j]))) }
    }
    // Batching (7 images at a time above) changes nothing but SGEMM rounding.
    let unbatched = try ComposedFeatures(hog, then: PCAFeatures(components: 10, whiten: true)).fitted(on: fitImages)
    let whole = try unbatched.features(of: images)
    for i in 0..<120 {
      for j in 0..<10 { #expect(abs(whole[i, j] - y[i, j]) < 1e-5 * max(1, abs(y[i, j]))) }
    }
    #expect(try fitted.features(of: images) == y, "deterministic")
  }

  @Test func threeStageComposition() throws {
    let images = try Self.images(count: 60, height: 24, width: 24, seed: 9)
    let composed = ComposedFeatures(
      PixelFeatures(downsample: 2), then: PCAFeatures(components: 20), PCAFeatures(components: 5, whiten: true))
    let fitted = try composed.fitted(on: images)
    let y = try fitted.features(of: images)
    #expect(y.columns == 5)
    // Whitened on its own fitting data: unit variance per component.
    for j in 0..<5 {
      let column = (0..<60).map { Double(y[$0, j]) }
      let mean = column.reduce(0, +) / 60
      let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 59
      #expect(abs(mean) < 1e-3 && abs(variance - 1) < 1e-2)
    }
    #expect(throws: GlyphLabError.self) {
      try ComposedFeatures(PixelFeatures(), stages: [], batchSize: 0).fitted(on: images)
    }
  }

  @Test func precomputedFeaturesLookRowsUp() throws {
    let matrix = NaiveReference.random(rows: 10, columns: 3, seed: 10)
    let extractor = try PrecomputedFeatures(matrix, name: "features/test")
    let images = try Self.images(count: 10, height: 8, width: 8)
    let all = try extractor.fitted(on: images).features(of: images)
    #expect(all == matrix)
    let rows = [7, 2, 2, 9]
    let subset = try extractor.fitted(on: images.gathering(rows), datasetRows: rows)
    #expect(subset.dimension == 3)
    let x = try subset.features(of: images.gathering(rows), datasetRows: rows)
    #expect(x == matrix.gathering(rows: rows))

    // Composed with PCA fitted on a subset of rows.
    let composed = try ComposedFeatures(extractor, then: PCAFeatures(components: 2))
      .fitted(on: images.gathering([0, 1, 2, 3, 4, 5]), datasetRows: [0, 1, 2, 3, 4, 5])
    let expected = try PCA(components: 2).fit(matrix.rows(0..<6)).transform(matrix)
    let y = try composed.features(of: images, datasetRows: Array(0..<10))
    for i in 0..<10 { for j in 0..<2 { #expect(abs(y[i, j] - expected[i, j]) < 1e-4) } }

    #expect(throws: GlyphLabError.self) { try extractor.features(of: images.slice(0..<4), datasetRows: nil) }
    #expect(throws: GlyphLabError.self) { try extractor.features(of: images.slice(0..<2), datasetRows: [1]) }
    #expect(throws: GlyphLabError.self) { try extractor.features(of: images.slice(0..<1), datasetRows: [10]) }
    #expect(throws: GlyphLabError.self) { try extractor.features(of: images.slice(0..<1), datasetRows: [-1]) }
    var bad = matrix
    bad[4, 1] = .nan
    #expect(throws: GlyphLabError.self) { try PrecomputedFeatures(bad) }
  }
}
