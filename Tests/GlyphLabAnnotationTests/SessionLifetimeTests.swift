import Foundation
import GlyphLabAnnotation
import Testing

@Suite("an ended session is freed")
struct SessionLifetimeTests {
  typealias F = AnnotationFixtures

  /// A session used to keep its pipeline `Thread`, whose closure kept the session: a cycle that
  /// never freed the session, its images, desk and log (LeakSanitizer, `make sanitize`).
  @Test func aStoppedSessionIsFreedOnceItsThreadEnds() throws {
    let (_, spec, log) = try F.setUp("annotate-lifetime")
    weak var freed: AnnotationSession?
    do {
      let session = try F.session(spec: spec, log: log)
      freed = session
      session.start()
      session.stop()
      #expect(session.result.hasPrefix("interrupted"), "\(session.result)")
    }
    // The pipeline's thread lets go of the session when its closure returns, just after the
    // session has ended; give it up to 30 s (a busy machine, a sanitizer build).
    for _ in 0..<600 where freed != nil { Thread.sleep(forTimeInterval: 0.05) }
    #expect(freed == nil, "the session outlived its pipeline thread")
  }
}
