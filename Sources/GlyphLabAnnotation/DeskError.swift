/// Why the desk refused a request: an HTTP status (4xx) and a message for the page.
public struct DeskError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The HTTP status code.
  public var status: Int
  /// What was wrong.
  public var message: String

  /// An error with `status` and `message`.
  public init(_ status: Int, _ message: String) {
    self.status = status
    self.message = message
  }

  public var description: String { "\(status): \(message)" }

  /// 400: the body is malformed or names something that does not exist.
  static func badRequest(_ message: String) -> DeskError { DeskError(400, message) }
  /// 404: no such query or glyph.
  static func notFound(_ message: String) -> DeskError { DeskError(404, message) }
  /// 409: out of turn, or answered already.
  static func conflict(_ message: String) -> DeskError { DeskError(409, message) }
}
