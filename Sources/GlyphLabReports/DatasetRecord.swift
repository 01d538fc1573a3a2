/// A log's `/datasets/<key>/` group as plain values: the true label, class names and groups
/// of the glyphs some runs' predictions refer to.
public struct DatasetRecord: Sendable, Equatable {
  /// One `groups/<name>` dataset with its value names.
  public struct Group: Sendable, Equatable {
    /// The group's name ("font", "book", "page", "variant", ...).
    public var name: String
    /// Each glyph's value (index into ``names``, −1 none).
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

  /// The group's path in the log, e.g. `/datasets/635bcde8879308da`.
  public var path: String
  /// The dataset file the runs read (nil if not recorded).
  public var source: String?
  /// The true class of each glyph.
  public var truth: [Int32]
  /// The class names.
  public var classNames: [String]
  /// The groups, sorted by name.
  public var groups: [Group]

  /// A record.
  public init(path: String, source: String?, truth: [Int32], classNames: [String], groups: [Group]) {
    self.path = path
    self.source = source
    self.truth = truth
    self.classNames = classNames
    self.groups = groups.sorted { $0.name < $1.name }
  }

  /// The name of class `index`, or "#index" when the log has no name for it.
  public func className(_ index: Int32) -> String {
    index >= 0 && Int(index) < classNames.count ? classNames[Int(index)] : "#\(index)"
  }
}
