/// An HDF5 failure with its context: the C function, the file and object it was working on,
/// and the innermost message from the HDF5 error stack.
public struct HDF5Error: Error, CustomStringConvertible, Sendable, Equatable {
  /// The HDF5 function that returned a negative value, or the GlyphLab check that failed.
  public var function: String
  /// What was being done, e.g. "open dataset /images in data.h5".
  public var context: String
  /// HDF5's own explanation, from its error stack ("" if none).
  public var detail: String

  public init(function: String, context: String, detail: String = "") {
    self.function = function
    self.context = context
    self.detail = detail
  }

  public var description: String {
    detail.isEmpty ? "\(context): \(function) failed" : "\(context): \(function) failed: \(detail)"
  }
}
