import GlyphLabCore

/// Max pooling over NCHW batches (PyTorch's `nn.MaxPool2d` without padding, floor mode):
/// a `kernelSize × kernelSize` window every `stride` pixels. The gradient goes to the first
/// maximum of each window in row-major order, as in PyTorch; a NaN is a maximum.
///
/// Training keeps the input and output (shared, not copied) and finds each window's maximum
/// again in the backward pass, instead of storing indices. 2×2 windows with stride 2 have
/// their own straight-line kernels.
public final class MaxPool2D: Layer {
  private let window: PoolingWindow
  /// The window's side, in pixels.
  public var kernelSize: Int { window.size }
  /// The step between windows, in pixels.
  public var stride: Int { window.stride }
  private var cache: (input: Tensor, output: Tensor)?

  /// A max pool; `stride` defaults to the kernel size.
  public init(kernelSize: Int = 2, stride: Int? = nil) throws {
    window = try PoolingWindow(layer: "MaxPool2D", size: kernelSize, stride: stride)
  }

  public var parameters: [Parameter] { [] }
  public var buffers: [Parameter] { [] }

  public func outputShape(for inputShape: [Int]) throws -> [Int] {
    try window.outputShape(for: inputShape)
  }

  /// The larger of two values, NaN if either is (so NaNs propagate as in PyTorch).
  @inline(__always)
  static func larger(_ a: Float, _ b: Float) -> Float {
    // `!(b <= a)` is true for b > a and for a NaN b; a NaN a stays.
    let takeB = !(b <= a) && a == a
    return takeB ? b : a
  }

  /// ``larger(_:_:)`` lane by lane.
  @inline(__always)
  static func larger(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
    a.replacing(with: b, where: .!(b .<= a) .& (a .== a))
  }

  /// - Complexity: O(N·C·Ho·Wo·k²).
  public func forward(_ input: Tensor, mode: ForwardMode) throws -> Tensor {
    let shape = try outputShape(for: input.shape)
    let (h, w, ho, wo) = (input.shape[2], input.shape[3], shape[2], shape[3])
    let planes = shape[0] * shape[1]
    let (k, s) = (kernelSize, stride)
    let output = Tensor(shape: shape) { out in
      input.values.withUnsafeBufferPointer { x in
        nonisolated(unsafe) let (x, out) = (x, out)
        Parallel.forEachChunk(count: planes, minimumChunk: max(1, 16384 / (h * w))) { range in
          for plane in range {
            let src = x.baseAddress! + plane * h * w
            let dst = out.baseAddress! + plane * ho * wo
            if k == 2 && s == 2 {
              for oy in 0..<ho {
                let r0 = src + 2 * oy * w
                let r1 = r0 + w
                let o = dst + oy * wo
                var ox = 0
                // Four windows at a time, with the scalar kernel's comparisons lane by lane.
                while ox + 4 <= wo {
                  let top = UnsafeRawPointer(r0 + 2 * ox).loadUnaligned(as: SIMD8<Float>.self)
                  let bottom = UnsafeRawPointer(r1 + 2 * ox).loadUnaligned(as: SIMD8<Float>.self)
                  let m = Self.larger(
                    Self.larger(top.evenHalf, top.oddHalf), Self.larger(bottom.evenHalf, bottom.oddHalf))
                  UnsafeMutableRawPointer(o + ox).storeBytes(of: m, as: SIMD4<Float>.self)
                  ox += 4
                }
                for ox in ox..<wo {
                  o[ox] = Self.larger(
                    Self.larger(r0[2 * ox], r0[2 * ox + 1]), Self.larger(r1[2 * ox], r1[2 * ox + 1]))
                }
              }
              continue
            }
            for oy in 0..<ho {
              for ox in 0..<wo {
                var best = -Float.infinity
                for ki in 0..<k {
                  let row = src + (oy * s + ki) * w + ox * s
                  for kj in 0..<k { best = Self.larger(best, row[kj]) }
                }
                dst[oy * wo + ox] = best
              }
            }
          }
        }
      }
    }
    cache = mode == .training ? (input, output) : nil
    return output
  }

  /// - Complexity: O(N·C·H·W + N·C·Ho·Wo·k²).
  public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) throws -> Tensor {
    guard let (input, output) = cache else {
      throw NetworkError.backwardWithoutForward(layer: "MaxPool2D(\(kernelSize))")
    }
    guard outputGradient.shape == output.shape else {
      throw NetworkError.shape(
        layer: "MaxPool2D(\(kernelSize))", detail: "output gradient shape \(outputGradient.shape) ≠ \(output.shape)")
    }
    guard needsInputGradient else { return Tensor(shape: [0]) }
    let (h, w, ho, wo) = (input.shape[2], input.shape[3], output.shape[2], output.shape[3])
    let (k, s) = (kernelSize, stride)
    let planes = output.shape[0] * output.shape[1]
    @inline(__always) func same(_ a: Float, _ b: Float) -> Bool { a == b || (a != a && b != b) }
    return Tensor(shape: input.shape) { dxAll in
      input.values.withUnsafeBufferPointer { xAll in
        output.values.withUnsafeBufferPointer { yAll in
          outputGradient.values.withUnsafeBufferPointer { dyAll in
            nonisolated(unsafe) let (xAll, yAll, dyAll, dxAll) = (xAll, yAll, dyAll, dxAll)
            Parallel.forEachChunk(count: planes, minimumChunk: max(1, 16384 / (h * w))) { range in
              for plane in range {
                let x = xAll.baseAddress! + plane * h * w
                let dx = dxAll.baseAddress! + plane * h * w
                let y = yAll.baseAddress! + plane * ho * wo
                let dy = dyAll.baseAddress! + plane * ho * wo
                if k == 2 && s == 2 {
                  // Each input pixel is in at most one window: write, don't accumulate.
                  // Branch-free selects (a window whose maximum is NaN sends its gradient to
                  // its last pixel).
                  for oy in 0..<ho {
                    let (r0, r1) = (x + 2 * oy * w, x + 2 * oy * w + w)
                    let (d0, d1) = (dx + 2 * oy * w, dx + 2 * oy * w + w)
                    var ox = 0
                    // Four windows at a time: two rows of 8 pixels against 4 maxima.
                    while ox + 4 <= wo {
                      let top = UnsafeRawPointer(r0 + 2 * ox).loadUnaligned(as: SIMD8<Float>.self)
                      let bottom = UnsafeRawPointer(r1 + 2 * ox).loadUnaligned(as: SIMD8<Float>.self)
                      let m = UnsafeRawPointer(y + oy * wo + ox).loadUnaligned(as: SIMD4<Float>.self)
                      let g = UnsafeRawPointer(dy + oy * wo + ox).loadUnaligned(as: SIMD4<Float>.self)
                      let a = top.evenHalf .== m
                      let b = (top.oddHalf .== m) .& .!a
                      let c = (bottom.evenHalf .== m) .& .!a .& .!(top.oddHalf .== m)
                      let d = .!a .& .!b .& .!c
                      let zero = SIMD4<Float>()
                      let ga = zero.replacing(with: g, where: a)
                      let gb = zero.replacing(with: g, where: b)
                      let gc = zero.replacing(with: g, where: c)
                      let gd = zero.replacing(with: g, where: d)
                      UnsafeMutableRawPointer(d0 + 2 * ox).storeBytes(
                        of: SIMD8(ga[0], gb[0], ga[1], gb[1], ga[2], gb[2], ga[3], gb[3]), as: SIMD8<Float>.self)
                      UnsafeMutableRawPointer(d1 + 2 * ox).storeBytes(
                        of: SIMD8(gc[0], gd[0], gc[1], gd[1], gc[2], gd[2], gc[3], gd[3]), as: SIMD8<Float>.self)
                      ox += 4
                    }
                    while ox < wo {
                      let m = y[oy * wo + ox]
                      let g = dy[oy * wo + ox]
                      let ea = r0[2 * ox] == m
                      let eb = !ea && r0[2 * ox + 1] == m
                      let ec = !ea && !eb && r1[2 * ox] == m
                      d0[2 * ox] = ea ? g : 0
                      d0[2 * ox + 1] = eb ? g : 0
                      d1[2 * ox] = ec ? g : 0
                      d1[2 * ox + 1] = !ea && !eb && !ec ? g : 0
                      ox += 1
                    }
                    if 2 * wo < w {
                      for c in (2 * wo)..<w {
                        d0[c] = 0
                        d1[c] = 0
                      }
                    }
                  }
                  if 2 * ho < h { (dx + 2 * ho * w).update(repeating: 0, count: (h - 2 * ho) * w) }
                  continue
                }
                dx.update(repeating: 0, count: h * w)
                for oy in 0..<ho {
                  for ox in 0..<wo {
                    let m = y[oy * wo + ox]
                    search: for ki in 0..<k {
                      for kj in 0..<k {
                        let index = (oy * s + ki) * w + ox * s + kj
                        if same(x[index], m) {
                          dx[index] += dy[oy * wo + ox]
                          break search
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
