import GlyphLabCore
import GlyphLabHDF5
import GlyphLabImaging

extension DatasetError {
  /// Runs `body`, turning any other error into a ``DatasetError`` about `path` whose reason
  /// starts with `doing` (e.g. "cannot read /labels"), so every failure names the file.
  static func wrapping<R>(path: String, _ doing: @autoclosure () -> String, _ body: () throws -> R) throws -> R {
    do {
      return try body()
    } catch let error as DatasetError {
      throw error
    } catch {
      throw DatasetError(path: path, reason: "\(doing()): \(describe(error))")
    }
  }

  /// A short explanation of `error` without repeating the file name where possible.
  static func describe(_ error: Error) -> String {
    switch error {
    case let error as HDF5Error:
      return error.detail.isEmpty ? "\(error.function) failed (\(error.context))" : error.detail
    case let error as ImageError: return error.reason
    case let error as GlyphLabError: return error.description
    default: return "\(error)"
    }
  }
}
