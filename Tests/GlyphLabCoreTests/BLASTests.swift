import Foundation
import GlyphLabCore
import GlyphLabTestSupport
import Testing

@Suite("BLAS runtime")
struct BLASTests {
  @Test func configurationIsConsistent() {
    let c = BLAS.configuration
    #expect(!c.core.isEmpty && c.core != "unknown")
    #expect(c.threads >= 1)
    #expect(c.selfTestPassed)
    #expect(BLAS.selfTest())
    if c.source == .openblas || c.source == .automatic {
      #expect(!c.isGenericFallback, "without a user override the core matches the CPU")
    }
  }

  @Test func coreLevels() {
    #expect(BLAS.coreLevel("Prescott") == 0)
    #expect(BLAS.coreLevel("SkylakeX") == 3)
    #expect(BLAS.coreLevel("Haswell") == 2)
  }

  /// The start-up replacement of a generic core, run in a child process because switching
  /// cores is not safe while other tests use BLAS. The child starts from "Prescott", as
  /// OpenBLAS 0.3.21 does on CPUs it does not know, with no user override.
  @Test func genericFallbackIsReplacedAtStartUp() throws {
    let glyphlab = try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
    let output = try ProcessRunner.run(
      glyphlab, ["doctor", "--json"],
      environment: [
        "GLYPHLAB_BLAS_SIMULATE_FALLBACK": "Prescott", "OPENBLAS_CORETYPE": nil,
        "GLYPHLAB_BLAS_CORE": nil,
      ])
    #expect(output.status == 0, "\(output.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    let blas = try #require(json["blas"] as? [String: Any])
    #expect(blas["initialCore"] as? String == "Prescott")
    let best = blas["cpuBestCore"] as? String ?? ""
    if !best.isEmpty {
      #expect(blas["source"] as? String == "automatic")
      #expect(blas["core"] as? String == best)
      #expect(blas["isGenericFallback"] as? Bool == false)
    }
    #expect(blas["selfTestPassed"] as? Bool == true)
  }

  @Test func userChoiceIsRespected() throws {
    let glyphlab = try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
    let output = try ProcessRunner.run(
      glyphlab, ["doctor", "--json"], environment: ["OPENBLAS_CORETYPE": "Haswell", "GLYPHLAB_BLAS_CORE": nil])
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    let blas = try #require(json["blas"] as? [String: Any])
    #expect(blas["source"] as? String == "environment")
    #expect(blas["core"] as? String == "Haswell")
  }

  @Test func threadCountFlagIsApplied() throws {
    let glyphlab = try #require(TestPaths.glyphlabExecutable, "build glyphlab first (make test does)")
    let output = try ProcessRunner.run(glyphlab, ["doctor", "--json", "--threads", "1"])
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    #expect((json["blas"] as? [String: Any])?["threads"] as? Int == 1)
  }
}
