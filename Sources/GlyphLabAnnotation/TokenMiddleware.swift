import Hummingbird

/// Refuses every request without the session's token: 401 when none is given, 403 when it is
/// wrong. A page load may carry it as `?token=`, which sets a same-site cookie for the page's
/// images; API calls must send the `X-GlyphLab-Token` header (or `Authorization: Bearer`) (a cookie alone does not do for a
/// POST, so another site cannot submit for the person).
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
  /// The header API calls send the token in (matched case-insensitively).
  static var header: String { "x-glyphlab-token" }
  static var cookieName: String { "glyphlab_token" }

  let token: SessionToken

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    var given: String?
    if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
      given = String(authorization.dropFirst("Bearer ".count))
    }
    for field in request.headers where field.name.canonicalName == Self.header { given = field.value }
    if let given {
      guard token.matches(given) else { throw HTTPError(.forbidden, message: "wrong token") }
      return try await next(request, context)
    }
    if let given = request.uri.queryParameters["token"] {
      guard token.matches(given) else { throw HTTPError(.forbidden, message: "wrong token") }
      guard request.method == .get else {
        throw HTTPError(.unauthorized, message: "send the token in the X-GlyphLab-Token header")
      }
      var response = try await next(request, context)
      response.headers[.setCookie] = "\(Self.cookieName)=\(token.value); Path=/; HttpOnly; SameSite=Strict"
      return response
    }
    if let cookie = request.headers[.cookie], let given = Self.cookieToken(cookie) {
      guard token.matches(given) else { throw HTTPError(.forbidden, message: "wrong token") }
      guard request.method == .get else {
        throw HTTPError(.unauthorized, message: "send the token in the X-GlyphLab-Token header")
      }
      return try await next(request, context)
    }
    throw HTTPError(.unauthorized, message: "missing token: open the URL glyphlab annotate printed")
  }

  static func cookieToken(_ header: String) -> Substring? {
    for part in header.split(separator: ";") {
      let pair = part.trimmingPrefix(" ")
      if pair.hasPrefix("\(cookieName)=") { return pair.dropFirst(cookieName.count + 1) }
    }
    return nil
  }
}
