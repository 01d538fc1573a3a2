/// Where an episode's classes and rows may come from, by a per-row group (e.g. alphabet,
/// font, edition).
public enum EpisodeConstraint: Sendable, Equatable {
  /// Any class, any row.
  case none
  /// All N classes of an episode from one group value (Omniglot's within-alphabet protocol):
  /// each episode first draws a value among those with N eligible classes, then the classes
  /// within it, then rows of those classes in that value.
  case withinGroup(groups: [Int32])
  /// Support rows from group value `support`, query rows from value `query` (the
  /// cross-edition case: learn from one edition or font, recognise another). A class is
  /// eligible when it has K rows in one and Q in the other.
  case acrossGroups(groups: [Int32], support: Int32, query: Int32)
}
