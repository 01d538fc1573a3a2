/// How ``Binarizer`` tells ink from paper.
public enum BinarizationMethod: String, Sendable, Equatable, CaseIterable, Codable {
  /// One global threshold for the page, chosen by Otsu's method (the threshold that
  /// maximises the between-class variance of the grey-level histogram).
  case otsu
  /// A threshold per pixel from the mean and standard deviation of its neighbourhood
  /// (Sauvola & Pietikäinen 2000): robust to stains and uneven paper.
  case sauvola
}
