/// The unit a report shows modelled annotation cost in, chosen once per report from the
/// largest cost in the log so numbers stay readable (seconds under 2 minutes, minutes under
/// 2 hours, hours beyond).
public enum CostUnit: String, Sendable {
  /// Seconds ("s").
  case seconds = "s"
  /// Minutes ("min").
  case minutes = "min"
  /// Hours ("h").
  case hours = "h"

  /// The unit's name in a sentence ("hours").
  public var name: String {
    switch self {
    case .seconds: return "seconds"
    case .minutes: return "minutes"
    case .hours: return "hours"
    }
  }

  /// Seconds per unit.
  public var seconds: Double {
    switch self {
    case .seconds: return 1
    case .minutes: return 60
    case .hours: return 3600
    }
  }

  /// The unit for a largest cost of `maximum` seconds.
  public init(maximumSeconds maximum: Double) {
    if maximum >= 7200 {
      self = .hours
    } else if maximum >= 120 {
      self = .minutes
    } else {
      self = .seconds
    }
  }
}
