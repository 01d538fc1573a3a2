import Foundation
import GlyphLabConfig
import GlyphLabCore
import GlyphLabDatasets
import Testing

@Suite("Glyph augmentation")
struct GlyphAugmentationTests {
  typealias Configuration = GlyphAugmentation.Configuration

  /// A 48 × 48 test glyph: a cross and a box of 4-pixel strokes at full ink, on paper.
  static let glyph: [UInt8] = {
    var p = [UInt8](repeating: 0, count: 48 * 48)
    for y in 0..<48 {
      for x in 0..<48 {
        let cross = (22..<26).contains(x) && (8..<40).contains(y) || (22..<26).contains(y) && (8..<40).contains(x)
        let box = (10..<38).contains(x) && (10..<38).contains(y) && !((14..<34).contains(x) && (14..<34).contains(y))
        if cross || box { p[y * 48 + x] = 255 }
      }
    }
    return p
  }()

  static func ink(_ p: [UInt8]) -> Int { p.reduce(0) { $0 + Int($1) } }
  static func inked(_ p: [UInt8]) -> Int { p.count { $0 >= 128 } }

  static func augmented(_ c: Configuration, seed: UInt64 = 3, image: [UInt8] = glyph) -> [UInt8] {
    var pixels = image
    var g = SeededGenerator(seed: seed)
    GlyphAugmentation(c).augment(&pixels, width: 48, height: 48, generator: &g)
    return pixels
  }

  /// Binary 4-neighbour dilation or erosion, written out directly as the reference.
  static func neighbourhood(_ p: [UInt8], grow: Bool) -> [UInt8] {
    var out = p
    for y in 0..<48 {
      for x in 0..<48 {
        var v = p[y * 48 + x]
        for (dx, dy) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
          let (xx, yy) = (x + dx, y + dy)
          let n: UInt8 = (0..<48).contains(xx) && (0..<48).contains(yy) ? p[yy * 48 + xx] : 0
          v = grow ? max(v, n) : min(v, n)
        }
        out[y * 48 + x] = v
      }
    }
    return out
  }

  @Test func zeroKnobsAreTheIdentity() {
    var noise = [UInt8](repeating: 0, count: 48 * 48)
    var g = SeededGenerator(seed: 9)
    for i in noise.indices { noise[i] = UInt8(g.uniformInt(below: 256)) }
    #expect(Self.augmented(.none, image: noise) == noise)
    #expect(Self.augmented(Configuration(elasticCells: 9, agePaper: false), image: noise) == noise)
    #expect(GlyphAugmentation(.none).isIdentity)
    // An odd size works too.
    var odd = Array(noise.prefix(7 * 5))
    GlyphAugmentation(.none).augment(&odd, width: 7, height: 5, generator: &g)
    #expect(odd == Array(noise.prefix(35)))
  }

  @Test func thickeningGrowsEveryStrokeByAtLeastItsWholePixels() {
    // thickening 2 grows by a uniform amount in [1, 2] pixels: at least one whole pass.
    for seed in 0..<5 {
      let out = Self.augmented(Configuration(thickening: 2), seed: UInt64(seed))
      let reference = Self.neighbourhood(Self.glyph, grow: true)
      #expect(zip(out, reference).allSatisfy { $0 >= $1 }, "covers the 1-pixel dilation")
      #expect(zip(out, Self.glyph).allSatisfy { $0 >= $1 }, "never removes ink")
      #expect(Self.ink(out) > Self.ink(Self.glyph))
      #expect(Self.inked(out) > Self.inked(Self.glyph))
    }
    // A small knob still adds ink, less of it.
    #expect(Self.ink(Self.augmented(Configuration(thickening: 0.5))) > Self.ink(Self.glyph))
    #expect(
      Self.ink(Self.augmented(Configuration(thickening: 0.5))) < Self.ink(Self.augmented(Configuration(thickening: 2))))
  }

  @Test func thinningShrinksEveryStrokeByAtLeastItsWholePixels() {
    for seed in 0..<5 {
      let out = Self.augmented(Configuration(thinning: 2), seed: UInt64(seed))
      let reference = Self.neighbourhood(Self.glyph, grow: false)
      #expect(zip(out, reference).allSatisfy { $0 <= $1 }, "inside the 1-pixel erosion")
      #expect(Self.ink(out) < Self.ink(Self.glyph))
      #expect(Self.inked(out) < Self.inked(Self.glyph))
      #expect(Self.inked(out) > 0, "4-pixel strokes survive")
    }
    #expect(Self.ink(Self.augmented(Configuration(thinning: 0.5))) < Self.ink(Self.glyph))
  }

  @Test func bothStrokeKnobsThickenOrThin() {
    let results = (0..<20).map { Self.ink(Self.augmented(Configuration(thickening: 1, thinning: 1), seed: UInt64($0))) }
    #expect(results.contains { $0 > Self.ink(Self.glyph) })
    #expect(results.contains { $0 < Self.ink(Self.glyph) })
  }

  @Test func affineJitterMovesPixelsAndKeepsTheInk() {
    func centroid(_ p: [UInt8]) -> (Double, Double) {
      var (sx, sy, s) = (0.0, 0.0, 0.0)
      for y in 0..<48 {
        for x in 0..<48 { let v = Double(p[y * 48 + x]); sx += v * Double(x); sy += v * Double(y); s += v }
      }
      return (sx / s, sy / s)
    }
    let c0 = centroid(Self.glyph)
    let rotated = Self.augmented(Configuration(rotation: 10))
    #expect(rotated != Self.glyph)
    #expect(abs(Double(Self.ink(rotated)) / Double(Self.ink(Self.glyph)) - 1) < 0.1, "rotation keeps the ink")
    let cr = centroid(rotated)
    #expect(abs(cr.0 - c0.0) < 1 && abs(cr.1 - c0.1) < 1, "about the centre")
    let scaled = Self.augmented(Configuration(scale: 0.2))
    #expect(scaled != Self.glyph)
    let sheared = Self.augmented(Configuration(shear: 0.2))
    #expect(sheared != Self.glyph)
    // An offset shifts the centroid by at most offset × size (plus rounding).
    for seed in 0..<5 {
      let shifted = Self.augmented(Configuration(offset: 0.1), seed: UInt64(seed))
      let cs = centroid(shifted)
      #expect(abs(cs.0 - c0.0) <= 4.8 + 0.5 && abs(cs.1 - c0.1) <= 4.8 + 0.5)
      #expect(shifted != Self.glyph)
    }
  }

  @Test func elasticDistortionWarpsLocally() {
    let out = Self.augmented(Configuration(elastic: 2))
    #expect(out != Self.glyph)
    #expect(abs(Double(Self.ink(out)) / Double(Self.ink(Self.glyph)) - 1) < 0.15)
    // Nothing moves more than the amplitude: far from every stroke, the paper stays paper.
    let far = (0..<48 * 48).filter { i in
      let (x, y) = (i % 48, i / 48)
      return x < 5 || y < 5 || x > 42 || y > 42
    }
    #expect(far.allSatisfy { out[$0] == 0 })
  }

  @Test func damageModelEffectsApply() {
    let broken = Self.augmented(Configuration(damage: Degradation(brokenStrokes: 6)))
    #expect(Self.ink(broken) < Self.ink(Self.glyph), "breaks remove ink")
    #expect(zip(broken, Self.glyph).allSatisfy { $0 <= $1 })
    let bled = Self.augmented(Configuration(damage: Degradation(inkBleed: 1)))
    #expect(Self.ink(bled) > Self.ink(Self.glyph), "bleeding spreads ink")
    let textured = Self.augmented(Configuration(damage: Degradation(paperTexture: 1)))
    #expect(textured.prefix(48).contains { $0 > 0 }, "the paper gets texture")
    // Paper effects only with age_paper.
    #expect(Self.augmented(Configuration(damage: Degradation(paperTexture: 1)), seed: 4) != Self.glyph)
    #expect(
      Self.augmented(Configuration(damage: Degradation(noise: 0.1, paperTexture: 1), agePaper: false)) == Self.glyph)
  }

  @Test func deterministicPerSeedAndPerBatchIndex() throws {
    let c = Configuration(
      rotation: 4, scale: 0.08, shear: 0.1, offset: 0.06, elastic: 1.5, thickening: 0.8, thinning: 0.4,
      damage: Degradation(inkBleed: 0.3, erosion: 0.25, brokenStrokes: 0.6, blur: 0.5, noise: 0.04, paperTexture: 0.5))
    #expect(Self.augmented(c, seed: 5) == Self.augmented(c, seed: 5))
    #expect(Self.augmented(c, seed: 5) != Self.augmented(c, seed: 6))
    // The generator advances by the same amount whatever the knobs.
    var a = SeededGenerator(seed: 1)
    var b = SeededGenerator(seed: 1)
    var p = Self.glyph
    GlyphAugmentation(c).augment(&p, width: 48, height: 48, generator: &a)
    GlyphAugmentation(.none).augment(&p, width: 48, height: 48, generator: &b)
    #expect(a == b)
    // A batch: image i from generator.derived(i), the same as one at a time.
    let batch = try GlyphImages(
      count: 6, height: 48, width: 48, pixels: Array(repeating: Self.glyph, count: 6).flatMap { $0 })
    let root = SeededGenerator(seed: 11)
    let out = GlyphAugmentation(c).augment(batch, generator: root)
    for i in 0..<6 {
      var g = root.derived(UInt64(i))
      var one = Self.glyph
      GlyphAugmentation(c).augment(&one, width: 48, height: 48, generator: &g)
      #expect(Array(out.image(i)) == one)
    }
    #expect(out.image(0) != out.image(1))
  }

  @Test func configurationParsesAndRejectsBadKeys() throws {
    let node = try ConfigNode.parse(
      "rotation: 3\nelastic: 1\nelastic_cells: 6\nthinning: 0.5\ndamage:\n  noise: 0.1\nage_paper: false\n",
      file: "aug.yaml")
    let c = try Configuration(node: node)
    #expect(c.rotation == 3 && c.elastic == 1 && c.elasticCells == 6 && c.thinning == 0.5)
    #expect(c.damage.noise == 0.1 && !c.agePaper && c.scale == 0)
    for (yaml, expected) in [
      ("rotaton: 3\n", "aug.yaml:1"), ("rotation: 3\nthinning: -1\n", "aug.yaml:2"),
      ("damage:\n  nois: 0.1\n", "aug.yaml:2"), ("elastic_cells: 1\n", "aug.yaml:1"), ("scale: big\n", "aug.yaml:1"),
    ] {
      #expect {
        try Configuration(node: try ConfigNode.parse(yaml, file: "aug.yaml"))
      } throws: { error in
        "\(error)".contains(expected)
      }
    }
  }
}
