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

  /// (Σ h[i], Σ h[i] · (x[i] − mean)) with h[i] = g[i], or, with a ReLU output `y`, h[i] =
  /// g[i] where y[i] > 0 and 0 elsewhere (the gradient passed back through that ReLU).
  ///
  /// - Complexity: O(n).
  @inline(__always)
  static func gradientMoments(
    _ g: UnsafePointer<Float>, maskedBy y: UnsafePointer<Float>?, _ x: UnsafePointer<Float>, _ n: Int,
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
    let rx = UnsafeRawPointer(x)
    while i + 16 <= n {
      var ga = rg.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
      var gb = rg.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
      if let y {
        let ry = UnsafeRawPointer(y)
        ga = zero.replacing(with: ga, where: ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) .> zero)
        gb = zero.replacing(
          with: gb, where: ry.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self) .> zero)
      }
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
      let h: Float = y.map { $0[i] > 0 ? g[i] : 0 } ?? g[i]
      first += h
      second += h * (x[i] - mean)
      i += 1
    }
    return (first, second)
  }

  /// `out[i] = x[i] · scale + shift`, then `max(0, ·)` when `rectified`: batch norm's output
  /// pass. Eight lanes at a time with a rounded product then a sum, as the scalar tail, so
  /// every element is what `x[i] * scale + shift` gives. (The plain loop does not vectorise:
  /// its checked index arithmetic stops the compiler.)
  ///
  /// - Complexity: O(n).
  @inline(__always)
  static func affine(
    _ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, _ n: Int, scale: Float, shift: Float,
    rectified: Bool
  ) {
    let (sv, tv, zero) = (SIMD8<Float>(repeating: scale), SIMD8<Float>(repeating: shift), SIMD8<Float>())
    let (rx, ro) = (UnsafeRawPointer(x), UnsafeMutableRawPointer(out))
    var i = 0
    while i + 8 <= n {
      var v = rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) * sv + tv
      // Swift's max(0, v): v where v ≥ 0, else 0 (NaN included).
      if rectified { v = zero.replacing(with: v, where: v .>= zero) }
      ro.storeBytes(of: v, toByteOffset: i * 4, as: SIMD8<Float>.self)
      i += 8
    }
    while i < n {
      let v = x[i] * scale + shift
      out[i] = rectified ? max(0, v) : v
      i += 1
    }
  }

  /// Batch norm's input gradient, `gain · ((h[i] − meanGradient) − x̂[i] · meanGradientXhat)`
  /// with `x̂[i] = (x[i] − mean) · inverseStd` and `h[i] = g[i]`, or, with a ReLU output `y`,
  /// `g[i]` where `y[i] > 0` and 0 elsewhere. Eight lanes at a time, each operation rounded
  /// as in the scalar tail.
  ///
  /// - Complexity: O(n).
  @inline(__always)
  static func normalizationGradient(
    _ g: UnsafePointer<Float>, maskedBy y: UnsafePointer<Float>?, _ x: UnsafePointer<Float>,
    into out: UnsafeMutablePointer<Float>, _ n: Int,
    coefficients c: (gain: Float, mean: Float, inverseStd: Float, meanGradient: Float, meanGradientXhat: Float)
  ) {
    let gain = SIMD8<Float>(repeating: c.gain)
    let mu = SIMD8<Float>(repeating: c.mean)
    let istd = SIMD8<Float>(repeating: c.inverseStd)
    let meanG = SIMD8<Float>(repeating: c.meanGradient)
    let meanGX = SIMD8<Float>(repeating: c.meanGradientXhat)
    let zero = SIMD8<Float>()
    let (rg, rx, ro) = (UnsafeRawPointer(g), UnsafeRawPointer(x), UnsafeMutableRawPointer(out))
    var i = 0
    while i + 8 <= n {
      var h = rg.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
      if let y {
        let yv = UnsafeRawPointer(y).loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        h = zero.replacing(with: h, where: yv .> zero)
      }
      let xhat = (rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - mu) * istd
      ro.storeBytes(of: gain * (h - meanG - xhat * meanGX), toByteOffset: i * 4, as: SIMD8<Float>.self)
      i += 8
    }
    while i < n {
      let h: Float = y.map { $0[i] > 0 ? g[i] : 0 } ?? g[i]
      let xhat = (x[i] - c.mean) * c.inverseStd
      out[i] = c.gain * (h - c.meanGradient - xhat * c.meanGradientXhat)
      i += 1
    }
  }
}
