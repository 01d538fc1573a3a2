import GlyphLabCore
import GlyphLabStrategies

/// k-means's E-step keys (``KMeansAssignment``), shared by the experiment kinds that run
/// k-means: exact assignment, or inverted lists over the centres for many clusters (issue
/// 15's k = 50,000). The keys came after logs were written, so at their defaults they stay
/// out of run ids.
enum KMeansAssignmentParameters {
  static let definitions: [ParameterDefinition] = [
    ParameterDefinition(
      "clustering.assignment", .choice(of: KMeansAssignment.Kind.self), default: .string("exact"),
      doc: "kmeans: every glyph against every centre (exact), or only the centres in the probed inverted lists "
        + "(approximate, faster for many clusters)",
      neutralDefault: true),
    ParameterDefinition(
      "clustering.lists", .int(0...1_000_000), default: .int(0),
      doc: "inverted assignment: groups of centres; 0 = ⌈√k⌉", neutralDefault: true),
    ParameterDefinition(
      "clustering.probes", .int(1...1_000_000), default: .int(8),
      doc: "inverted assignment: groups searched per glyph, below the number of groups", neutralDefault: true),
  ]

  /// The assignment the keys ask for; an inverted one for a method other than k-means is an
  /// error naming `clustering.assignment`.
  static func read(_ p: ResolvedParameters, method: ClusteringAlgorithm) throws -> KMeansAssignment {
    let kind = try p.choice("clustering.assignment", as: KMeansAssignment.Kind.self)
    let lists = try p.int("clustering.lists")
    if kind == .inverted && method != .kmeans {
      throw p.error(
        "clustering.assignment", "inverted assignment is k-means's; \(method.rawValue) assigns exactly (use exact)")
    }
    return KMeansAssignment(kind: kind, lists: lists == 0 ? nil : lists, probes: try p.int("clustering.probes"))
  }

  /// Checks `assignment` for `clusters` centres before any work, naming `clustering.lists` or
  /// `clustering.probes` with the figure and its limit.
  static func check(_ assignment: KMeansAssignment, clusters: Int, parameters p: ResolvedParameters) throws {
    guard case .inverted(let lists, let probes) = assignment else { return }
    do {
      _ = try InvertedCentreIndex.checkedLists(centres: clusters, lists: lists, probes: probes)
    } catch GlyphLabError.invalidArgument(_, let name, let value, let reason) {
      throw p.error("clustering.\(name)", "\(value) for \(clusters) clusters: \(reason)")
    }
  }
}
