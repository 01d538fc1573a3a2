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

  /// Inputs FuzzJPEGReader kept (`Fuzz/`, 6.7 million executions, no crash): bare markers,
  /// for which libjpeg-turbo's header reader reported success with a size of 0 × 0 (so
  /// `size(of:)` returned 0 × 0 instead of an error), and a 25-byte frame header claiming
  /// 65,283 × 65,306 pixels, which is refused from the header, before any pixel memory is
  /// allocated.
  @Test func fuzzerInputsAreErrorsNamingTheFile() throws {
    let huge: [UInt8] = [
      0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, 0xFF, 0x1A, 0xFF, 0x03, 0x01, 0x01, 0x11, 0xFF, 0xFF, 0xDA, 0x00,
      0x08, 0x01, 0x01, 0x76, 0x00, 0xFF, 0xD9,
    ]
    let size = try JPEGCodec.size(of: huge)
    #expect(size.width == 65_283 && size.height == 65_306)
    do {
      _ = try JPEGCodec.decodeGray(huge, path: "huge.jpg")
      Issue.record("expected an error")
    } catch let error as ImageError {
      #expect(error.description == "huge.jpg: unsupported JPEG size 65283×65306 (limit 268435456 pixels)")
    }
    // 10,000 × 10,000 is within the size limit, but 25 bytes cannot code it: refused before
    // its 100 MB pixel buffer is allocated.
    var large = huge
    large[7...10] = [0x27, 0x10, 0x27, 0x10]
    #expect(try JPEGCodec.size(of: large) == (width: 10_000, height: 10_000))
    do {
      _ = try JPEGCodec.decodeGray(large, path: "large.jpg")
      Issue.record("expected an error")
    } catch let error as ImageError {
      #expect(
        error.description
          == "large.jpg: truncated or corrupt JPEG: its header claims 10000×10000 pixels, but the file has only "
          + "25 bytes (at least 24414 are needed)")
    }
    for bytes: [UInt8] in [[0xFF, 0xD8, 0xFF, 0x2A], [0xFF, 0xD8, 0xFF, 0xEE], [0xFF, 0xD8, 0xFF, 0x03], [0x64]] {
      for decode in [
        { _ = try JPEGCodec.size(of: $0, path: "tiny.jpg") }, { _ = try JPEGCodec.decodeGray($0, path: "tiny.jpg") },
      ]
        as [([UInt8]) throws -> Void]
      {
        do {
          try decode(bytes)
          Issue.record("\(bytes): expected an error")
        } catch let error as ImageError {
          #expect(error.description.hasPrefix("tiny.jpg: "), "\(bytes): \(error)")
        }
      }
    }
  }
}
