import GlyphLabCore
import GlyphLabImaging

/// A PNG grid of sample glyphs so a person can see a dataset: one row per class (classes
/// spread over the frequency order, most frequent first, so both the head and the tail show)
/// and one row per value of each group (e.g. per font), with samples spread evenly over the
/// row's glyphs. Each row is numbered at its left; ``Row`` says what each number is.
///
/// Ink is drawn black on white, tiles sit on a grey background, and a dark band separates
/// the class rows from each group's rows. Nothing random: the same dataset gives the same
/// sheet.
public struct ContactSheet: Sendable, Equatable {
  /// One row of the sheet.
  public struct Row: Sendable, Codable, Equatable {
    /// "class" or "group <name>".
    public var section: String
    /// The class or group value name.
    public var title: String
    /// Glyphs the class or value has.
    public var count: Int
    /// The images shown.
    public var indices: [Int]
  }

  /// Samples per row. Default 10.
  public var samplesPerRow: Int
  /// The most class rows shown. Default 30.
  public var maxClassRows: Int
  /// The most rows per group. Default 12.
  public var maxValueRows: Int
  /// Tile side in pixels, or `nil` for the image size clamped to 32…64.
  public var tileSize: Int?

  /// A sheet layout with the defaults above.
  public init(samplesPerRow: Int = 10, maxClassRows: Int = 30, maxValueRows: Int = 12, tileSize: Int? = nil) {
    self.samplesPerRow = max(1, samplesPerRow)
    self.maxClassRows = max(0, maxClassRows)
    self.maxValueRows = max(0, maxValueRows)
    self.tileSize = tileSize.map { max(8, $0) }
  }

  /// The rows for the dataset in `reader`.
  public func plan(_ reader: GlyphDatasetReader) throws -> [Row] {
    var rows: [Row] = []
    let labels = try reader.labels()
    let classes = try reader.classes()
    let members = Self.members(labels, count: classes.count)
    let order = members.indices.filter { !members[$0].isEmpty }.sorted {
      members[$0].count != members[$1].count ? members[$0].count > members[$1].count : $0 < $1
    }
    for position in Self.spread(order.count, take: maxClassRows) {
      let c = order[position]
      rows.append(
        Row(
          section: "class", title: classes[c], count: members[c].count,
          indices: Self.spread(members[c].count, take: samplesPerRow).map { members[c][$0] }))
    }
    for name in try reader.groupNames() {
      let group = try reader.group(name)
      let valueMembers = Self.members(group.values, count: group.names.count)
      let present = valueMembers.indices.filter { !valueMembers[$0].isEmpty }
      for position in Self.spread(present.count, take: maxValueRows) {
        let v = present[position]
        rows.append(
          Row(
            section: "group \(name)", title: group.names[v], count: valueMembers[v].count,
            indices: Self.spread(valueMembers[v].count, take: samplesPerRow).map { valueMembers[v][$0] }))
      }
    }
    return rows
  }

  /// Renders `rows` of `reader`'s images as PNG bytes.
  ///
  /// - Complexity: reads only the images shown, in file order.
  public func render(_ reader: GlyphDatasetReader, rows: [Row]) throws -> [UInt8] {
    let tile = tileSize ?? min(64, max(32, max(reader.height, reader.width)))
    let fitter = ImageFitter(size: try ImageSize(height: tile, width: tile), upscale: true)
    var tiles: [Int: [UInt8]] = [:]
    for index in Set(rows.flatMap(\.indices)).sorted() {
      let image = try reader.images(index..<(index + 1))
      tiles[index] = fitter.fit(image.pixels, height: image.height, width: image.width)
    }
    let gap = 2
    let band = 6
    let label = Self.labelWidth(rows.count)
    let width = label + samplesPerRow * (tile + gap) + gap
    let bands = zip(rows, rows.dropFirst()).filter { $0.section != $1.section }.count
    let height = gap + rows.count * (tile + gap) + bands * (band + gap)
    var canvas = [UInt8](repeating: 200, count: width * max(1, height))
    var y = gap
    for (number, row) in rows.enumerated() {
      if number > 0 && rows[number - 1].section != row.section {
        for yy in (y - gap / 2)..<(y - gap / 2 + band) {
          for x in 0..<width { canvas[yy * width + x] = 90 }
        }
        y += band + gap
      }
      Self.drawNumber(number + 1, into: &canvas, width: width, x: 3, y: y + (tile - 10) / 2)
      for (slot, index) in row.indices.enumerated() {
        guard let pixels = tiles[index] else { continue }
        let left = label + gap + slot * (tile + gap)
        for ty in 0..<tile {
          for tx in 0..<tile { canvas[(y + ty) * width + left + tx] = 255 - pixels[ty * tile + tx] }
        }
      }
      y += tile + gap
    }
    return try PNGCodec.encode(pixels: canvas, width: width, height: max(1, height), channels: 1)
  }

  /// For each of `count` values, the positions holding it (values outside are ignored).
  static func members(_ values: [Int32], count: Int) -> [[Int]] {
    var members = [[Int]](repeating: [], count: count)
    for (i, value) in values.enumerated() where value >= 0 && Int(value) < count { members[Int(value)].append(i) }
    return members
  }

  /// `take` positions spread evenly over `0..<count` (all of them if `count <= take`).
  static func spread(_ count: Int, take: Int) -> [Int] {
    guard count > take else { return Array(0..<count) }
    guard take > 1 else { return take == 1 ? [0] : [] }
    return (0..<take).map { $0 * (count - 1) / (take - 1) }
  }

  /// Room for the row numbers: 8 px per digit plus a margin.
  static func labelWidth(_ rows: Int) -> Int { String(max(1, rows)).count * 8 + 6 }

  /// 3×5 bitmaps of the digits 0–9, one 3-bit row per entry, top first.
  static let digitGlyphs: [[UInt8]] = [
    [7, 5, 5, 5, 7], [2, 6, 2, 2, 7], [7, 1, 7, 4, 7], [7, 1, 7, 1, 7], [5, 5, 7, 1, 1],
    [7, 4, 7, 1, 7], [7, 4, 7, 5, 7], [7, 1, 1, 1, 1], [7, 5, 7, 5, 7], [7, 5, 7, 1, 7],
  ]

  /// Draws `number` in black at (`x`, `y`), each font pixel 2×2.
  static func drawNumber(_ number: Int, into canvas: inout [UInt8], width: Int, x: Int, y: Int) {
    for (d, character) in String(number).enumerated() {
      guard let digit = character.wholeNumberValue else { continue }
      for (row, bits) in digitGlyphs[digit].enumerated() {
        for column in 0..<3 where bits & (4 >> column) != 0 {
          for dy in 0..<2 {
            for dx in 0..<2 {
              let px = x + d * 8 + column * 2 + dx
              let py = y + row * 2 + dy
              if px >= 0, py >= 0, px < width, py * width + px < canvas.count { canvas[py * width + px] = 0 }
            }
          }
        }
      }
    }
  }
}
