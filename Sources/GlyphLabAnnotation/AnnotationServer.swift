import Foundation
import Hummingbird
import Logging

/// The web server of a session: the page (HTML, CSS and script from the target's resources,
/// nothing fetched elsewhere), the glyph images and a small JSON API over the
/// ``AnnotationDesk``. Every request needs the token (``TokenMiddleware``).
///
/// - `GET /` (with `?token=`): the page. `GET /app.js`, `GET /style.css`: its script and style.
/// - `GET /api/classes`: the class names, by class index.
/// - `GET /api/state[?after=N]`: the ``SessionState``; with `after`, waits (up to 10 s) until
///   a query newer than N waits or the run ends.
/// - `POST /api/answer`: a ``SubmittedAnswer``; returns the next state (waiting up to 40 ms
///   for it). 4xx with a message: 400 malformed body, unknown class, glyph not in the grid,
///   bad timing; 404 unknown query; 409 out of turn or answered already; 413 over
///   ``maxBodyBytes``.
/// - `POST /api/undo` (`{"query": N}`): undoes the last answer while query N waits.
/// - `GET /glyph/ID.png`: a glyph's image (404 for an id outside the run).
/// - `GET /page/ID.png`: the glyph's page around its box, the box outlined (``PageImageStore``;
///   404 when the dataset's glyphs have no pages, or for an id outside the run).
public struct AnnotationServer: Sendable {
  /// The largest request body accepted.
  public static let maxBodyBytes = 16 * 1024

  /// The session served.
  public let session: AnnotationSession
  /// The token every request needs.
  public let token: SessionToken
  let page: [String: (type: String, bytes: [UInt8])]

  /// A server for `session` requiring `token`. Throws when the page's resources are missing.
  public init(session: AnnotationSession, token: SessionToken = SessionToken()) throws {
    self.session = session
    self.token = token
    var page: [String: (type: String, bytes: [UInt8])] = [:]
    for (name, type) in [
      ("index.html", "text/html; charset=utf-8"), ("app.js", "text/javascript; charset=utf-8"),
      ("style.css", "text/css; charset=utf-8"),
    ] {
      guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Page"),
        let data = FileManager.default.contents(atPath: url.path)
      else { throw AnnotationError("the page's resource Page/\(name) is missing from the GlyphLabAnnotation bundle") }
      page[name] = (type, Array(data))
    }
    self.page = page
  }

  /// The router with every route and the token check.
  public func router() -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: TokenMiddleware(token: token))
    let desk = session.desk
    let images = session.images
    let pages = session.pages
    let page = self.page
    for (path, name) in [("/", "index.html"), ("/app.js", "app.js"), ("/style.css", "style.css")] {
      router.get(RouterPath(path)) { _, _ -> Response in
        guard let file = page[name] else { throw HTTPError(.notFound) }
        return Self.response(file.bytes, type: file.type)
      }
    }
    router.get("/api/classes") { _, _ -> Response in
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      return Self.response(Array(try encoder.encode(desk.classNames)), type: "application/json")
    }
    router.get("/api/state") { request, _ -> Response in
      if let text = request.uri.queryParameters["after"] {
        guard let after = Int(text) else { throw HTTPError(.badRequest, message: "after must be a query number") }
        await Self.wait(on: desk, upTo: .seconds(10)) { desk.hasMoved(past: after) }
      }
      return try Self.json(desk.state())
    }
    router.post("/api/answer") { request, context -> Response in
      let submitted = try await Self.decode(SubmittedAnswer.self, request, context)
      do {
        try desk.submit(submitted)
      } catch let error as DeskError {
        throw HTTPError(HTTPResponse.Status(code: error.status), message: error.message)
      }
      await Self.wait(on: desk, upTo: .milliseconds(40)) { desk.hasMoved(past: submitted.query) }
      return try Self.json(desk.state())
    }
    router.post("/api/undo") { request, context -> Response in
      let body = try await Self.decode(UndoRequest.self, request, context)
      do {
        try desk.undo(queryID: body.query)
      } catch let error as DeskError {
        throw HTTPError(HTTPResponse.Status(code: error.status), message: error.message)
      }
      await Self.wait(on: desk, upTo: .milliseconds(200)) { desk.hasMoved(past: body.query) }
      return try Self.json(desk.state())
    }
    router.get("/glyph/:file") { _, context -> Response in
      let file = context.parameters.get("file") ?? ""
      guard file.hasSuffix(".png"), let id = Int(file.dropLast(4)) else {
        throw HTTPError(.notFound, message: "no glyph image \(file): ask for /glyph/ID.png")
      }
      guard let png = try images.png(id) else {
        throw HTTPError(.notFound, message: "unknown glyph \(id): the run has glyphs 0..<\(images.count)")
      }
      return Self.response(png, type: "image/png")
    }
    router.get("/page/:file") { _, context -> Response in
      let file = context.parameters.get("file") ?? ""
      guard file.hasSuffix(".png"), let id = Int(file.dropLast(4)) else {
        throw HTTPError(.notFound, message: "no page image \(file): ask for /page/ID.png")
      }
      guard pages.isAvailable else {
        throw HTTPError(.notFound, message: "the dataset's glyphs have no pages (no /pages boxes, one per glyph)")
      }
      guard let png = try pages.png(id) else {
        throw HTTPError(.notFound, message: "unknown glyph \(id): the run has glyphs 0..<\(pages.count)")
      }
      return Self.response(png, type: "image/png")
    }
    return router
  }

  /// The application listening on `host`:`port` (0 chooses a free port); `onRunning` gets the
  /// port once it listens.
  public func application(
    host: String = "127.0.0.1", port: Int = 0, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
  ) -> some ApplicationProtocol {
    var logger = Logger(label: "glyphlab.annotate")
    logger.logLevel = .warning
    return Application(
      router: router(), configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
      onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
  }

  struct UndoRequest: Codable { var query: Int }

  static func decode<T: Decodable>(
    _ type: T.Type, _ request: Request, _ context: some RequestContext
  ) async throws
    -> T
  {
    var request = request
    let buffer = try await request.collectBody(upTo: maxBodyBytes)
    do {
      return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    } catch let error as DecodingError {
      throw HTTPError(.badRequest, message: "the body is not a valid \(T.self): \(describe(error))")
    } catch {
      throw HTTPError(.badRequest, message: "the body is not JSON: \(error)")
    }
  }

  static func describe(_ error: DecodingError) -> String {
    switch error {
    case .keyNotFound(let key, _): return "missing key \(key.stringValue)"
    case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
      let path = context.codingPath.map(\.stringValue).joined(separator: ".")
      return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
    @unknown default: return "\(error)"
    }
  }

  /// Waits until `ready()` or `limit` passes, waking whenever the desk changes (no polling).
  static func wait(on desk: AnnotationDesk, upTo limit: Duration, until ready: () -> Bool) async {
    let clock = ContinuousClock()
    let end = clock.now + limit
    while true {
      let seen = desk.signal.current
      if ready() { return }
      let left = end - clock.now
      guard left > .zero, !Task.isCancelled else { return }
      await desk.signal.wait(beyond: seen, timeout: left)
    }
  }

  static func json(_ state: SessionState) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return response(Array(try encoder.encode(state)), type: "application/json")
  }

  static func response(_ bytes: [UInt8], type: String) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = type
    headers[.cacheControl] = "no-store"
    return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
  }
}
