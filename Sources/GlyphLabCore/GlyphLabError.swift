import Foundation

/// An error from a GlyphLab kernel or algorithm. Every case names the operation and the
/// argument at fault, so a message read in a log says what to fix.
public enum GlyphLabError: Error, Equatable, Sendable {
  /// Two arguments have shapes that do not fit together.
  case shapeMismatch(operation: String, detail: String)
  /// A NaN or infinity where the operation cannot use one.
  case nonFinite(operation: String, argument: String, row: Int, column: Int)
  /// A parameter outside its allowed range (for example k ≤ 0).
  case invalidArgument(operation: String, name: String, value: String, reason: String)
  /// The operation would need more memory than its limit allows.
  case memoryLimit(operation: String, bytes: Int, limit: Int)
  /// A LAPACK routine reported failure.
  case lapack(routine: String, info: Int)
}

extension GlyphLabError: CustomStringConvertible, LocalizedError {
  public var description: String {
    switch self {
    case .shapeMismatch(let operation, let detail):
      return "\(operation): shape mismatch: \(detail)"
    case .nonFinite(let operation, let argument, let row, let column):
      return "\(operation): \(argument) has a NaN or infinite value at row \(row), column \(column)"
    case .invalidArgument(let operation, let name, let value, let reason):
      return "\(operation): invalid \(name) = \(value): \(reason)"
    case .memoryLimit(let operation, let bytes, let limit):
      let mib = { (b: Int) in String(format: "%.1f MiB", Double(b) / 1_048_576) }
      return "\(operation): needs \(mib(bytes)), over the limit of \(mib(limit))"
    case .lapack(let routine, let info):
      return "\(routine) failed (LAPACK info = \(info))"
    }
  }

  public var errorDescription: String? { description }
}
