/// How ``ScanDetector`` cuts a column into characters.
public enum ColumnCutting: String, Sendable, CaseIterable {
  /// Blocks of ink rows, merged while small and split when tall at the profile's minima.
  case blocks
  /// Dynamic programming over cuts with the column's pitch (``ScanDetector/dynamicCuts(_:pitch:)``).
  case dynamic
}
