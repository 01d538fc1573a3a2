/// The random generator every GlyphLab algorithm takes explicitly: xoshiro256** seeded
/// through SplitMix64. Nothing in GlyphLab uses global or system randomness, so the same seed
/// gives the same numbers on every machine, toolchain and thread count.
///
/// It is splittable: ``derived(_:)-(UInt64)`` makes an independent stream from this
/// generator's seed and a label without advancing it (one stream per run, per episode or per
/// restart), and ``split()`` draws a child stream from the current state.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable {
  /// The seed this stream was created from.
  public let seed: UInt64
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// A generator for `seed`.
  public init(seed: UInt64) {
    self.seed = seed
    var mix = SplitMix64(state: seed)
    s0 = mix.next()
    s1 = mix.next()
    s2 = mix.next()
    s3 = mix.next()
  }

  /// The next 64 random bits (xoshiro256**).
  public mutating func next() -> UInt64 {
    let result = rotateLeft(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotateLeft(s3, 45)
    return result
  }

  /// An independent stream for `label`, a function of this generator's seed and the label
  /// only: the same (seed, label) always gives the same stream, and this one is not advanced.
  public func derived(_ label: UInt64) -> SeededGenerator {
    var mix = SplitMix64(state: seed ^ (label &* 0x9E37_79B9_7F4A_7C15))
    _ = mix.next()
    return SeededGenerator(seed: mix.next() ^ label)
  }

  /// An independent stream for a text label (FNV-1a of its UTF-8 bytes).
  public func derived(_ label: String) -> SeededGenerator {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in label.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return derived(hash)
  }

  /// A child stream seeded from this generator's next output (advances this one).
  public mutating func split() -> SeededGenerator {
    SeededGenerator(seed: next())
  }

  private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// SplitMix64, used to expand a seed into xoshiro's state.
struct SplitMix64 {
  var state: UInt64
  mutating func next() -> UInt64 {
    state = state &+ 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
