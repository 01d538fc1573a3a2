import Foundation
import GlyphLabImaging
import GlyphLabTestSupport
import Testing

@Suite("JPEG codec")
struct JPEGCodecTests {
  /// A colour scan (200021763, 2861 × 4450, YCbCr) and a greyscale one (200003967).
  static let colour = TestPaths.shared("datasets/pmjt-sample/200021763/images/200021763-00004_2.jpg")
  static let grey = TestPaths.shared("datasets/pmjt-sample/200003967/images/200003967_00007_2.jpg")

  @Test func decodesRealScansToTheirHeaderSize() throws {
    let image = try JPEGCodec.readGray(path: Self.colour.path)
    #expect(image.width == 2861 && image.height == 4450)
    let bytes = [UInt8](try Data(contentsOf: Self.grey))
    let size = try JPEGCodec.size(of: bytes)
    let greyImage = try JPEGCodec.decodeGray(bytes)
    #expect(size.width == 2016 && size.height == 2993)
    #expect(greyImage.width == 2016 && greyImage.height == 2993)
  }

  /// Pillow decodes the same files; its luminance is computed from RGB, libjpeg's is Y of
  /// YCbCr, so colour pixels may differ by a few grey levels; greyscale ones by the IDCT's
  /// rounding.
  @Test(.enabled(if: PythonPIL.isAvailable), arguments: [colour, grey])
  func agreesWithPillow(file: URL) throws {
    let script = """
      import sys, json
      import numpy as np
      from PIL import Image
      a = np.asarray(Image.open(sys.argv[1]).convert("L"), dtype=np.int64)
      rows = [int(v) for v in a[::97, ::89].ravel()]
      print(json.dumps({"shape": list(a.shape), "mean": float(a.mean()), "samples": rows}))
      """
    let reference = try #require(try PythonPIL.json(script, [file.path]) as? [String: Any])
    let image = try JPEGCodec.readGray(path: file.path)
    let shape = try #require(reference["shape"] as? [Int])
    #expect(shape == [image.height, image.width])
    let mean = Double(image.pixels.reduce(0) { $0 + Int($1) }) / Double(image.pixels.count)
    let referenceMean = try #require(reference["mean"] as? Double)
    #expect(abs(mean - referenceMean) < 1.0, "mean \(mean) vs Pillow \(referenceMean)")
    let samples = try #require(reference["samples"] as? [Int])
    var ours: [Int] = []
    for y in stride(from: 0, to: image.height, by: 97) {
      for x in stride(from: 0, to: image.width, by: 89) { ours.append(Int(image[x, y])) }
    }
    #expect(ours.count == samples.count)
    let worst = zip(ours, samples).map { abs($0 - $1) }.max() ?? 0
    #expect(worst <= 4, "largest difference from Pillow: \(worst) grey levels")
  }

  @Test func corruptAndTruncatedJPEGsAreErrorsNamingTheFile() throws {
    let bytes = [UInt8](try Data(contentsOf: Self.grey))
    for (label, data) in [
      ("truncated", Array(bytes.prefix(bytes.count / 2))),
      ("header only", Array(bytes.prefix(600))),
      ("not a JPEG", [UInt8](repeating: 7, count: 100)),
      ("empty", []),
      ("scrambled scan", bytes.enumerated().map { $0.offset > 2000 && $0.offset % 3 == 0 ? 0xFF : $0.element }),
    ] {
      do {
        _ = try JPEGCodec.decodeGray(data, path: "page.jpg")
        Issue.record("\(label): expected an error")
      } catch let error as ImageError {
        #expect(error.description.hasPrefix("page.jpg: "), "\(label): \(error)")
      }
    }
    do {
      _ = try JPEGCodec.readGray(path: "/nonexistent/scan.jpg")
      Issue.record("expected an error")
    } catch let error as ImageError {
      #expect(error.description.contains("/nonexistent/scan.jpg"))
    }
  }
}
