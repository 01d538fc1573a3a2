/// Reductions with several SIMD accumulators, in a fixed order (so results never depend on
/// threads). Plain Float loops do not vectorise: IEEE addition is not associative, so the
/// compiler keeps one serial chain of additions.
enum VectorKernels {
  /// Σ p[i].
  ///
  /// - Complexity: O(n).
  @inline(__always)
  static func sum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
    var a = SIMD8<Float>()
    var b = SIMD8<Float>()
    var i = 0
    let raw = UnsafeRawPointer(p)
    while i + 16 <= n {
      a += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
      b += raw.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
      i += 16
    }
    var total = (a + b).sum()
    while i < n {
      total += p[i]
      i += 1
    }
    return total
  }

  /// (Σ (p[i] − shift), Σ (p[i] − shift)²).
  ///
  /// - Complexity: O(n).
  @inline(__always)
  static func shiftedMoments(_ p: UnsafePointer<Float>, _ n: Int, shift: Float) -> (Float, Float) {
    var s1 = SIMD8<Float>()
    var s2 = SIMD8<Float>()
    var t1 = SIMD8<Float>()
    var t2 = SIMD8<Float>()
    let sh = SIMD8<Float>(repeating: shift)
    var i = 0
    let raw = UnsafeRawPointer(p)
    while i + 16 <= n {
      let a = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - sh
      let b = raw.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self) - sh
      s1 += a
      s2 += a * a
      t1 += b
      t2 += b * b
      i += 16
    }
    var first = (s1 + t1).sum()
    var second = (s2 + t2).sum()
    while i < n {
      let d = p[i] - shift
      first += d
      second += d * d
      i += 1
    }
    return (first, second)
  }

  /// (Σ g[i], Σ g[i] · (x[i] − mean)).
  ///
  /// - Complexity: O(n).
  @inline(__always)
  static func gradientMoments(
    _ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int, mean: Float
  ) -> (Float, Float) {
    var s1 = SIMD8<Float>()
    var s2 = SIMD8<Float>()
    var t1 = SIMD8<Float>()
    var t2 = SIMD8<Float>()
    let mu = SIMD8<Float>(repeating: mean)
    var i = 0
    let rg = UnsafeRawPointer(g)
    let rx = UnsafeRawPointer(x)
    while i + 16 <= n {
      let ga = rg.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
      let gb = rg.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
      let xa = rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - mu
      let xb = rx.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self) - mu
      s1 += ga
      s2 += ga * xa
      t1 += gb
      t2 += gb * xb
      i += 16
    }
    var first = (s1 + t1).sum()
    var second = (s2 + t2).sum()
    while i < n {
      first += g[i]
      second += g[i] * (x[i] - mean)
      i += 1
    }
    return (first, second)
  }

  /// (Σ h[i], Σ h[i] · (x[i] − mean)) with h[i] = g[i] where y[i] > 0 and 0 elsewhere: the
  /// moments of a gradient that has passed back through a ReLU whose output was y, in the
  /// same order of additions as ``gradientMoments(_:_:_:mean:)`` over h.
  ///
  /// - Complexity: O(n).
  @inline(__always)
  static func gradientMoments(
    _ g: UnsafePointer<Float>, maskedBy y: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int,
    mean: Float
  ) -> (Float, Float) {
    var s1 = SIMD8<Float>()
    var s2 = SIMD8<Float>()
    var t1 = SIMD8<Float>()
    var t2 = SIMD8<Float>()
    let mu = SIMD8<Float>(repeating: mean)
    let zero = SIMD8<Float>()
    var i = 0
    let rg = UnsafeRawPointer(g)
    let ry = UnsafeRawPointer(y)
    let rx = UnsafeRawPointer(x)
    while i + 16 <= n {
      let ya = ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
      let yb = ry.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
      let ga = zero.replacing(with: rg.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self), where: ya .> zero)
      let gb = zero.replacing(
        with: rg.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self), where: yb .> zero)
      let xa = rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - mu
      let xb = rx.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self) - mu
      s1 += ga
      s2 += ga * xa
      t1 += gb
      t2 += gb * xb
      i += 16
    }
    var first = (s1 + t1).sum()
    var second = (s2 + t2).sum()
    while i < n {
      let h: Float = y[i] > 0 ? g[i] : 0
      first += h
      second += h * (x[i] - mean)
      i += 1
    }
    return (first, second)
  }
}
