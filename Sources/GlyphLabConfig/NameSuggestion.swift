/// "Did you mean" for a mistyped name: the known names nearest to it by edit distance.
///
/// Every place that refuses a name (a spec key, a choice, a registered kind or method) says
/// which names are valid and, when one is close, suggests it, so `clustring.method` gets
/// "did you mean 'clustering'?".
public enum NameSuggestion {
  /// The Levenshtein distance between `a` and `b` (insertions, deletions and substitutions
  /// of characters each cost 1).
  ///
  /// - Complexity: O(|a|·|b|) time, O(|b|) memory.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a)
    let y = Array(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        let substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
        current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
      }
      swap(&previous, &current)
    }
    return previous[y.count]
  }

  /// The names in `candidates` nearest to `name`, best first: those within a third of the
  /// longer name's length (at least 1, at most 3 edits), or that differ only in case,
  /// separators (`-`, `_`, `.`) or by one being a prefix of the other.
  public static func nearest(to name: String, among candidates: [String], limit: Int = 3) -> [String] {
    func folded(_ s: String) -> String { String(s.lowercased().filter { !"-_. ".contains($0) }) }
    let target = folded(name)
    var scored: [(name: String, distance: Int)] = []
    let group = name.split(separator: ".").dropLast().joined(separator: ".")
    for candidate in Set(candidates) where candidate != name {
      // Dotted keys of one group are compared by their last part alone.
      let sameGroup = !group.isEmpty && candidate.split(separator: ".").dropLast().joined(separator: ".") == group
      let target = sameGroup ? folded(String(name.split(separator: ".").last ?? "")) : target
      let other = folded(sameGroup ? String(candidate.split(separator: ".").last ?? "") : candidate)
      let distance = editDistance(target, other)
      let allowed = min(3, max(1, max(target.count, other.count) / 3))
      let prefix = !target.isEmpty && target.count >= 3 && (other.hasPrefix(target) || target.hasPrefix(other))
      if distance <= allowed || prefix { scored.append((candidate, prefix ? min(distance, 1) : distance)) }
    }
    scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
    return scored.prefix(limit).map(\.name)
  }

  /// " (did you mean 'x'?)" or " (did you mean 'x' or 'y'?)", or "" when nothing is close.
  public static func clause(for name: String, among candidates: [String]) -> String {
    let near = nearest(to: name, among: candidates)
    guard !near.isEmpty else { return "" }
    let quoted = near.map { "'\($0)'" }
    let list = quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + (quoted.last ?? "")
    return "; did you mean \(list)?"
  }

  /// "'name' is not a known WHAT (known: a, b, c; did you mean 'b'?)".
  public static func unknown(_ name: String, what: String, among candidates: [String]) -> String {
    "'\(name)' is not a known \(what) (known: \(candidates.joined(separator: ", "))\(clause(for: name, among: candidates)))"
  }
}
