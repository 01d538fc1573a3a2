import Foundation

/// Reads scikit-learn's reference values from `../shared/reference/*.json`.
public enum ReferenceJSON {
  /// The parsed JSON object of `../shared/reference/<name>`.
  public static func load(_ name: String) throws -> [String: Any] {
    let url = TestPaths.shared("reference/\(name)")
    let data = try Data(contentsOf: url)
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw CocoaError(.fileReadCorruptFile)
    }
    return object
  }

  /// A JSON number array as Floats.
  public static func floats(_ value: Any?) -> [Float] {
    (value as? [Any])?.compactMap { ($0 as? NSNumber)?.floatValue } ?? []
  }

  /// A JSON number array as Doubles.
  public static func doubles(_ value: Any?) -> [Double] {
    (value as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue } ?? []
  }

  /// A JSON integer array.
  public static func ints(_ value: Any?) -> [Int] {
    (value as? [Any])?.compactMap { ($0 as? NSNumber)?.intValue } ?? []
  }

  /// A JSON array of number arrays.
  public static func nested(_ value: Any?) -> [[Double]] {
    (value as? [Any])?.map { doubles($0) } ?? []
  }
}
