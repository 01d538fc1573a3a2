import Foundation

/// What `glyphlab datasets inspect` reports about a dataset: sizes, the class-frequency long
/// tail, groups, features, pages, and checks a person should see (duplicates, inverted ink).
public struct DatasetSummary: Sendable, Codable, Equatable {
  /// A name with how many glyphs it has.
  public struct ValueCount: Sendable, Codable, Equatable {
    /// The class or group value name.
    public var name: String
    /// Its number of glyphs.
    public var count: Int

    /// A name and count.
    public init(name: String, count: Int) {
      self.name = name
      self.count = count
    }
  }

  /// How many of the most frequent classes hold `percent`% of the labelled glyphs.
  public struct Coverage: Sendable, Codable, Equatable {
    /// The share of labelled glyphs, in percent (50, 90 or 99).
    public var percent: Int
    /// The fewest classes that hold that share.
    public var classes: Int

    /// A coverage point.
    public init(percent: Int, classes: Int) {
      self.percent = percent
      self.classes = classes
    }
  }

  /// The class-frequency distribution: its long tail matters for few-shot recognition.
  public struct ClassFrequency: Sendable, Codable, Equatable {
    /// Number of classes, and of glyphs with a class or with label −1.
    public var classes: Int
    public var labelled: Int
    public var unknown: Int
    /// Classes with no glyph, and with exactly one.
    public var empty: Int
    public var singletons: Int
    /// Glyphs in the largest, median and smallest non-empty class (0 if none).
    public var largest: Int
    public var median: Double
    public var smallest: Int
    /// Classes covering 50%, 90% and 99% of the labelled glyphs, most frequent first.
    public var coverage: [Coverage]
    /// The most frequent classes (up to 5).
    public var top: [ValueCount]

    /// The distribution of `labels` over `classes`.
    ///
    /// - Complexity: O(N + C log C).
    public init(labels: [Int32], classes: [String]) {
      var counts = [Int](repeating: 0, count: classes.count)
      var unknown = 0
      for label in labels {
        if label >= 0 && Int(label) < counts.count { counts[Int(label)] += 1 } else { unknown += 1 }
      }
      self.classes = classes.count
      self.unknown = unknown
      labelled = labels.count - unknown
      empty = counts.filter { $0 == 0 }.count
      singletons = counts.filter { $0 == 1 }.count
      let order = counts.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
      let nonEmpty = order.map { counts[$0] }.filter { $0 > 0 }
      largest = nonEmpty.first ?? 0
      smallest = nonEmpty.last ?? 0
      if nonEmpty.isEmpty {
        median = 0
      } else if nonEmpty.count % 2 == 1 {
        median = Double(nonEmpty[nonEmpty.count / 2])
      } else {
        median = Double(nonEmpty[nonEmpty.count / 2 - 1] + nonEmpty[nonEmpty.count / 2]) / 2
      }
      var coverage: [Coverage] = []
      var cumulative = 0
      var taken = 0
      for percent in [50, 90, 99] {
        while taken < nonEmpty.count && cumulative * 100 < percent * labelled {
          cumulative += nonEmpty[taken]
          taken += 1
        }
        coverage.append(Coverage(percent: percent, classes: taken))
      }
      self.coverage = coverage
      top = order.prefix(5).filter { counts[$0] > 0 }.map { ValueCount(name: classes[$0], count: counts[$0]) }
    }
  }

  /// A group and the glyph count of each value.
  public struct Group: Sendable, Codable, Equatable {
    /// The group name, e.g. "font".
    public var name: String
    /// Each value in the order of the group's `values` attribute, with its glyph count.
    public var values: [ValueCount]
    /// Glyphs whose value is −1.
    public var unknown: Int

    /// A group summary.
    public init(name: String, values: [ValueCount], unknown: Int) {
      self.name = name
      self.values = values
      self.unknown = unknown
    }
  }

  /// A feature matrix's name and shape.
  public struct Feature: Sendable, Codable, Equatable {
    /// The features' name, e.g. "clip".
    public var name: String
    /// Rows (one per image) and columns (dimensions).
    public var rows: Int
    public var columns: Int

    /// A feature summary.
    public init(name: String, rows: Int, columns: Int) {
      self.name = name
      self.rows = rows
      self.columns = columns
    }
  }

  /// The pages for detection.
  public struct Pages: Sendable, Codable, Equatable {
    /// Number of pages, their size, and the number of glyph boxes on them.
    public var count: Int
    public var height: Int
    public var width: Int
    public var boxes: Int

    /// A page summary.
    public init(count: Int, height: Int, width: Int, boxes: Int) {
      self.count = count
      self.height = height
      self.width = width
      self.boxes = boxes
    }
  }

  /// The dataset file.
  public var path: String
  /// Its root attributes.
  public var metadata: DatasetMetadata
  /// Its format version and writer.
  public var version: String
  public var createdBy: String
  /// Number of images and their size.
  public var count: Int
  public var height: Int
  public var width: Int
  /// The class-frequency distribution.
  public var classFrequency: ClassFrequency
  /// Groups, features and pages (`nil` without pages).
  public var groups: [Group]
  public var features: [Feature]
  public var pages: Pages?
  /// The fraction of pixels that are ink (≥ 128) over all images.
  public var inkFraction: Double
  /// Images identical to an earlier image (by a 128-bit content hash), and how many of those
  /// carry a different label than the first copy.
  public var duplicateImages: Int
  public var duplicatesAcrossClasses: Int

  /// Problems worth a look: duplicates, probable inversion, empty classes.
  public var warnings: [String] {
    var warnings: [String] = []
    if duplicateImages > 0 {
      warnings.append(
        "\(Self.number(duplicateImages)) images repeat an earlier image exactly "
          + "(\(Self.number(duplicatesAcrossClasses)) under a different label): "
          + "they can leak between training and test splits")
    }
    if inkFraction > 0.5 {
      warnings.append(
        "\(Self.percent(inkFraction)) of pixels are ink: the images may be inverted (0 must be paper, 255 ink)")
    }
    if classFrequency.empty > 0 { warnings.append("\(classFrequency.empty) classes have no glyph") }
    return warnings
  }

  /// The report as lines for people; groups list up to `maxValues` values each.
  public func text(maxValues: Int = 12) -> String {
    var lines: [String] = []
    func add(_ key: String, _ value: String) {
      lines.append(key.padding(toLength: 12, withPad: " ", startingAt: 0) + value)
    }
    let created = createdBy.isEmpty ? "" : ", created by \(createdBy)"
    lines.append("\(path)  (\(DatasetFormat.name) \(version)\(created))")
    add("name", metadata.name)
    add("source", metadata.source)
    add("license", metadata.license)
    if !metadata.description.isEmpty { add("description", metadata.description) }
    add("images", "\(Self.number(count)) of \(width)x\(height); ink covers \(Self.percent(inkFraction)) of pixels")
    let f = classFrequency
    add("labels", "\(Self.number(f.labelled)) labelled, \(Self.number(f.unknown)) unknown (-1)")
    add(
      "classes",
      "\(Self.number(f.classes)): \(f.empty) empty, \(Self.number(f.singletons)) singletons; glyphs per class "
        + "max \(f.largest), median \(Self.trimmed(f.median)), min \(f.smallest)")
    add(
      "long tail",
      f.coverage.map { "\($0.percent)% of glyphs in \(Self.number($0.classes)) classes" }.joined(separator: ", "))
    if f.largest != f.smallest { add("largest", f.top.map { "\($0.name) \($0.count)" }.joined(separator: ", ")) }
    add("duplicates", duplicateImages == 0 ? "none" : "\(Self.number(duplicateImages)) images")
    if groups.isEmpty { add("groups", "none") }
    for group in groups {
      let unknown = group.unknown > 0 ? ", \(group.unknown) unknown" : ""
      add("group", "\(group.name): \(group.values.count) values\(unknown)")
      for value in group.values.prefix(maxValues) {
        lines.append("              \(value.name)  \(Self.number(value.count))")
      }
      if group.values.count > maxValues { lines.append("              … and \(group.values.count - maxValues) more") }
    }
    if features.isEmpty { add("features", "none") }
    for feature in features { add("features", "\(feature.name): \(Self.number(feature.rows)) x \(feature.columns)") }
    if let pages {
      add("pages", "\(Self.number(pages.count)) of \(pages.width)x\(pages.height), \(Self.number(pages.boxes)) boxes")
    } else {
      add("pages", "none")
    }
    for warning in warnings { lines.append("warning: \(warning)") }
    return lines.joined(separator: "\n")
  }

  static func number(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return (value < 0 ? "-" : "") + out
  }

  static func percent(_ fraction: Double) -> String { String(format: "%.1f%%", fraction * 100) }

  static func trimmed(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
  }
}
