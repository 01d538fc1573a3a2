/// What the report's per-glyph analyses need from a run's dataset, stored once per log under
/// `/datasets/<key>/` however many runs use it: the true label of each glyph used, the class
/// names, and the dataset's groups (font or edition, book, page, variant form, ...).
///
/// ``key`` is a fingerprint of exactly these values, so runs on the same glyphs share one
/// group and runs on different glyphs (another file, another `dataset.limit`) never do.
public struct LoggedDataset: Sendable, Equatable {
  /// One `/groups/<name>` of the dataset, cut to the glyphs used.
  public struct Group: Sendable, Equatable {
    /// The group's name, e.g. "font" or "variant".
    public var name: String
    /// Each glyph's value: an index into ``names``, or −1.
    public var values: [Int32]
    /// The value names.
    public var names: [String]

    /// A group.
    public init(name: String, values: [Int32], names: [String]) {
      self.name = name
      self.values = values
      self.names = names
    }

    /// The name of value `index`, or "(none)".
    public func name(of index: Int32) -> String {
      index >= 0 && Int(index) < names.count ? names[Int(index)] : "(none)"
    }

    /// Whether this group marks variant forms (named `variant` or `form`).
    public var marksForms: Bool { name == "variant" || name == "form" }
  }

  /// The dataset file the runs read (as given in `dataset.path`; "" if not recorded).
  public var path: String
  /// The true class of each glyph used (an index into ``classNames``; −1 unknown).
  public var truth: [Int32]
  /// The dataset's class names.
  public var classNames: [String]
  /// The dataset's groups, sorted by name.
  public var groups: [Group]
  /// The first 16 hex digits of the SHA-256 of the labels, class names and groups: the
  /// name of the log's `/datasets/<key>` group.
  public let key: String

  /// The group's path in the log, e.g. `/datasets/635bcde8879308da`.
  public var groupPath: String { "/\(RunLogLayout.datasets)/\(key)" }

  /// A dataset as a log stores it under `key` (the reader's form: the key is the group's
  /// name as found, not recomputed); `groups` are sorted by name.
  public init(key: String, path: String, truth: [Int32], classNames: [String], groups: [Group]) {
    self.key = key
    self.path = path
    self.truth = truth
    self.classNames = classNames
    self.groups = groups.sorted { $0.name < $1.name }
  }

  /// The name of class `index`, or "#index" when the log has no name for it.
  public func className(_ index: Int32) -> String {
    index >= 0 && Int(index) < classNames.count ? classNames[Int(index)] : "#\(index)"
  }

  /// The stored form of a dataset's glyphs; `groups` are sorted by name.
  public init(path: String, truth: [Int32], classNames: [String], groups: [Group]) {
    self.path = path
    self.truth = truth
    self.classNames = classNames
    self.groups = groups.sorted { $0.name < $1.name }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(4 * truth.count * (1 + groups.count) + 64 * classNames.count)
    func append(_ values: [Int32]) {
      bytes += withUnsafeBytes(of: UInt64(values.count).littleEndian, Array.init)
      for value in values { bytes += withUnsafeBytes(of: value.littleEndian, Array.init) }
    }
    func append(_ names: [String]) {
      bytes += withUnsafeBytes(of: UInt64(names.count).littleEndian, Array.init)
      for name in names { bytes += Array(name.utf8) + [0] }
    }
    append(truth)
    append(classNames)
    for group in self.groups {
      append([group.name])
      append(group.values)
      append(group.names)
    }
    key = SHA256.hex(Array(SHA256.digest(bytes).prefix(8)))
  }
}
