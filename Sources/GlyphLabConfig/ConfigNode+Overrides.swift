import Yams

extension ConfigNode {
  /// Applies command-line overrides of the form `dotted.key=value` to the tree, before it
  /// is read, so every check that applies to the file applies to them too; errors about an
  /// overridden value name ``commandLine`` as their file.
  ///
  /// The value is YAML (`10`, `0.5`, `text`, `[1, 2, 3]`, `{a: 1}`). The key is followed
  /// through nested mappings one component at a time, creating mappings that are missing;
  /// under a mapping for which `flatKeys(path)` is true the rest of the key is taken whole,
  /// so a spec's `sweep.model.k=[1,2]` sets the key `model.k` of `sweep`. Later overrides
  /// win over earlier ones.
  public func applying(_ overrides: [String], flatKeys: (String) -> Bool = { _ in false }) throws -> ConfigNode {
    var root = node
    var overridden = self.overridden
    for text in overrides {
      guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
        throw ConfigError(
          file: Self.commandLine, line: 0, key: text, message: "expected key=value (a dotted key, then '=')")
      }
      let key = String(text[..<equals])
      let components = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
      guard !components.contains("") else {
        throw ConfigError(file: Self.commandLine, line: 0, key: key, message: "empty component in the dotted key")
      }
      let value = try Self.parseValue(String(text[text.index(after: equals)...]), key: key)
      let (updated, setPath) = try Self.setting(value, in: root, at: components, prefix: "", flatKeys: flatKeys)
      root = updated
      overridden.insert(setPath)
    }
    return ConfigNode(node: root, file: sourceFile, path: path, overridden: overridden)
  }

  private static func parseValue(_ text: String, key: String) throws -> Node {
    do {
      return try Yams.compose(yaml: text) ?? Node("", Tag(.str))
    } catch {
      throw ConfigError(file: commandLine, line: 0, key: key, message: "invalid YAML value '\(text)': \(error)")
    }
  }

  /// `node` with `value` set at `components`; returns it and the dotted path that was set.
  private static func setting(
    _ value: Node, in node: Node?, at components: [String], prefix: String, flatKeys: (String) -> Bool
  ) throws -> (Node, String) {
    var mapping = node?.mapping ?? Node.Mapping([])
    if node != nil && node?.mapping == nil {
      throw ConfigError(
        file: commandLine, line: 0, key: prefix,
        message: "is not a mapping, so '\(components.joined(separator: "."))' cannot be set inside it")
    }
    let flat = !prefix.isEmpty && flatKeys(prefix)
    let name = flat ? components.joined(separator: ".") : components[0]
    let path = prefix.isEmpty ? name : "\(prefix).\(name)"
    let index = mapping.firstIndex { $0.key.string == name }
    let newValue: Node
    let setPath: String
    if flat || components.count == 1 {
      (newValue, setPath) = (value, path)
    } else {
      let inner: String
      (newValue, inner) = try setting(
        value, in: index.map { mapping[$0].value }, at: Array(components.dropFirst()), prefix: path,
        flatKeys: flatKeys)
      // A mapping the override created is the command line's as a whole.
      setPath = index == nil ? path : inner
    }
    if let index {
      mapping[index] = (key: mapping[index].key, value: newValue)
    } else {
      mapping[Node(name)] = newValue
    }
    return (Node.mapping(mapping), setPath)
  }
}
