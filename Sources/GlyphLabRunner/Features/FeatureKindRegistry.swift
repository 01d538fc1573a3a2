import GlyphLabConfig
import GlyphLabCore

/// The feature kinds specs can name with `features.kind`, by name.
///
/// GlyphLab registers `pixels`, `hog`, `stored` and `encoder`. A module that brings a new kind (e.g. a
/// learned encoder, in a target that depends on GlyphLabRunner and a network library) calls
/// ``register(_:)`` once at start-up, before any spec is read, e.g. from the command-line
/// entry point: the kind's parameters then join every experiment kind's schema, and
/// `features.kind: <name>` reaches its factory.
public enum FeatureKindRegistry {
  private static let table = Locked<[FeatureKind]>([.pixels, .hog, .stored, .encoder])

  /// Adds `kind`, replacing a kind of the same name.
  public static func register(_ kind: FeatureKind) {
    table.withLock { kinds in
      kinds.removeAll { $0.name == kind.name }
      kinds.append(kind)
    }
  }

  /// Every registered kind, in registration order.
  public static var kinds: [FeatureKind] { table.withLock { $0 } }

  /// The registered names, in registration order.
  public static var names: [String] { kinds.map(\.name) }

  /// The kind called `name`, or nil.
  public static func kind(named name: String) -> FeatureKind? { kinds.first { $0.name == name } }

  /// The kind called `name`, or an error at `key` listing the registered names with a
  /// "did you mean" for a near miss.
  static func require(_ name: String, key: String, parameters: ResolvedParameters) throws -> FeatureKind {
    guard let kind = kind(named: name) else {
      throw parameters.error(key, NameSuggestion.unknown(name, what: "feature kind", among: names))
    }
    return kind
  }
}
