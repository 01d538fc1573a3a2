import GlyphLabCore

/// How k-means chooses its starting centres.
public enum KMeansInitialization: Sendable, Equatable {
  /// scikit-learn's greedy k-means++: each new centre is the best (lowest potential) of
  /// `2 + ⌊ln k⌋` candidates drawn with probability proportional to the squared distance to
  /// the nearest centre chosen so far (Arthur & Vassilvitskii, 2007). The default.
  case kMeansPlusPlus
  /// `k` distinct points drawn uniformly at random.
  case random
  /// These centres (`k × d`), e.g. from an earlier run. Restarts are pointless from a fixed
  /// start, so a given initialisation always runs once.
  case given(Matrix)
}
