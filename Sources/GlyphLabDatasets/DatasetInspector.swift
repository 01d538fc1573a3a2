import Foundation
import GlyphLabCore
import GlyphLabFiles
import GlyphLabImaging

/// Looks at a dataset file: ``summary()`` for the numbers, ``writeContactSheet(to:sheet:)``
/// for a picture. Behind `glyphlab datasets inspect`.
public struct DatasetInspector: Sendable {
  /// The dataset file.
  public var path: String
  /// Images read per step when scanning all images. Default 1024.
  public var batchImages: Int

  /// An inspector of the dataset at `path`.
  public init(path: String, batchImages: Int = 1024) {
    self.path = path
    self.batchImages = max(1, batchImages)
  }

  /// Where the contact sheet goes by default: beside the dataset, "name.sheet.png".
  public static func defaultSheetPath(for datasetPath: String) -> String {
    let url = URL(fileURLWithPath: datasetPath)
    return url.deletingPathExtension().path + ".sheet.png"
  }

  /// Counts, the class-frequency tail, groups, features, pages, ink coverage and exact
  /// duplicates.
  ///
  /// - Complexity: one streaming pass over the images, O(N·H·W), hashed in parallel.
  public func summary() throws -> DatasetSummary {
    let reader = try GlyphDatasetReader(path: path)
    let labels = try reader.labels()
    let classes = try reader.classes()
    var groups: [DatasetSummary.Group] = []
    for name in try reader.groupNames() {
      let group = try reader.group(name)
      var counts = [Int](repeating: 0, count: group.names.count)
      var unknown = 0
      for value in group.values {
        if value >= 0 { counts[Int(value)] += 1 } else { unknown += 1 }
      }
      groups.append(
        DatasetSummary.Group(
          name: name,
          values: zip(group.names, counts).map { DatasetSummary.ValueCount(name: $0, count: $1) },
          unknown: unknown))
    }
    let features = try reader.featureNames().map { name in
      let shape = try reader.featureShape(name)
      return DatasetSummary.Feature(name: name, rows: shape.rows, columns: shape.columns)
    }
    let pages = reader.pageCounts.map {
      DatasetSummary.Pages(count: $0.pages, height: $0.height, width: $0.width, boxes: $0.boxes)
    }

    // One pass over the images: ink pixels, and a 128-bit hash per image for duplicates.
    var ink = 0
    var seen: [ImageHash: Int] = [:]
    var duplicates = 0
    var across = 0
    var start = 0
    while start < reader.count {
      let batch = try reader.images(start..<min(reader.count, start + batchImages))
      let (hashes, inkCount) = Self.hash(batch)
      ink += inkCount
      for (offset, hash) in hashes.enumerated() {
        let index = start + offset
        if let first = seen[hash] {
          duplicates += 1
          if labels[first] != labels[index] { across += 1 }
        } else {
          seen[hash] = index
        }
      }
      start += batch.count
    }
    let pixels = reader.count * reader.height * reader.width
    return DatasetSummary(
      path: path, metadata: reader.metadata, version: reader.version, createdBy: reader.createdBy,
      count: reader.count, height: reader.height, width: reader.width,
      classFrequency: DatasetSummary.ClassFrequency(labels: labels, classes: classes),
      groups: groups, features: features, pages: pages,
      inkFraction: pixels > 0 ? Double(ink) / Double(pixels) : 0,
      duplicateImages: duplicates, duplicatesAcrossClasses: across)
  }

  /// Renders `sheet` for the dataset and writes it as a PNG to `sheetPath` (atomically);
  /// returns its rows, numbered from 1 on the sheet.
  @discardableResult
  public func writeContactSheet(
    to sheetPath: String, sheet: ContactSheet = ContactSheet()
  ) throws
    -> [ContactSheet.Row]
  {
    let reader = try GlyphDatasetReader(path: path)
    let rows = try sheet.plan(reader)
    let png = try DatasetError.wrapping(path: path, "cannot render the contact sheet") {
      try sheet.render(reader, rows: rows)
    }
    do {
      try AtomicReplacement.write(Data(png), to: sheetPath)
    } catch let error as FileWriteError {
      throw DatasetError(path: sheetPath, reason: error.reason)
    }
    return rows
  }

  /// Two independent 64-bit hashes of an image.
  struct ImageHash: Hashable {
    var a: UInt64
    var b: UInt64
  }

  /// The hash of each image in `images` and the number of ink pixels (≥ 128), in parallel.
  static func hash(_ images: GlyphImages) -> (hashes: [ImageHash], ink: Int) {
    var hashes = [ImageHash](repeating: ImageHash(a: 0, b: 0), count: images.count)
    var inkCounts = [Int](repeating: 0, count: images.count)
    let size = images.imageSize
    images.pixels.withUnsafeBufferPointer { pixels in
      hashes.withUnsafeMutableBufferPointer { hashes in
        inkCounts.withUnsafeMutableBufferPointer { inkCounts in
          Parallel.forEachChunk(count: images.count, minimumChunk: 32) { range in
            for i in range {
              // FNV-1a, and a multiply-xorshift mix with a different constant.
              var a: UInt64 = 0xcbf2_9ce4_8422_2325
              var b: UInt64 = 0x9e37_79b9_7f4a_7c15
              var ink = 0
              for p in (i * size)..<((i + 1) * size) {
                let v = pixels[p]
                a = (a ^ UInt64(v)) &* 0x0000_0100_0000_01b3
                b = (b &+ UInt64(v) &+ 1) &* 0xff51_afd7_ed55_8ccd
                b ^= b >> 29
                if v >= 128 { ink += 1 }
              }
              hashes[i] = ImageHash(a: a, b: b)
              inkCounts[i] = ink
            }
          }
        }
      }
    }
    return (hashes, inkCounts.reduce(0, +))
  }
}
