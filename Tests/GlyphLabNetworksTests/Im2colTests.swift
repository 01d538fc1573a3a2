import GlyphLabCore
import Testing

@testable import GlyphLabNetworks

/// im2col and its adjoint against the definition, element by element: size-keeping
/// convolutions take a block-copy path, every other one copies row by row.
@Suite("im2col against its definition")
struct Im2colTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let samples, channels, height, width, kernel, stride, padding: Int
    var testDescription: String { "N\(samples) C\(channels) \(height)×\(width) k\(kernel) s\(stride) p\(padding)" }
  }

  static let cases: [Case] = [
    Case(samples: 2, channels: 3, height: 5, width: 4, kernel: 3, stride: 1, padding: 1),
    Case(samples: 1, channels: 2, height: 1, width: 1, kernel: 3, stride: 1, padding: 1),
    Case(samples: 3, channels: 1, height: 2, width: 3, kernel: 5, stride: 1, padding: 2),
    Case(samples: 2, channels: 2, height: 6, width: 1, kernel: 3, stride: 1, padding: 1),
    Case(samples: 2, channels: 2, height: 4, width: 4, kernel: 1, stride: 1, padding: 0),
    Case(samples: 2, channels: 2, height: 5, width: 5, kernel: 3, stride: 2, padding: 1),
    Case(samples: 1, channels: 2, height: 5, width: 6, kernel: 3, stride: 1, padding: 0),
  ]

  @Test(arguments: cases)
  func matchesTheDefinition(_ c: Case) throws {
    let conv = try Conv2D(
      inputChannels: c.channels, outputChannels: 1, kernelSize: c.kernel, stride: c.stride, padding: c.padding,
      generator: SeededGenerator(seed: 1))
    let g = try conv.geometry([c.samples, c.channels, c.height, c.width])
    var rng = SeededGenerator(seed: 2)
    // Nonzero values everywhere, so a wrongly placed zero shows.
    let x = GradientCheck.random([c.samples, c.channels, c.height, c.width], &rng, awayFromZero: 0.5).values
    let columns = c.samples * g.outputPlane
    var col = [Float](repeating: .nan, count: g.patchSize * columns)
    x.withUnsafeBufferPointer { xp in
      col.withUnsafeMutableBufferPointer { cp in
        ConvolutionKernel.im2col(xp.baseAddress!, g, samples: 0..<c.samples, into: cp.baseAddress!)
      }
    }
    // The definition, and the adjoint accumulated from a second random matrix.
    let upstream = GradientCheck.random([g.patchSize * columns], &rng).values
    var expectedAdjoint = [Float](repeating: 0, count: x.count)
    var mismatches = 0
    for s in 0..<c.samples {
      for ch in 0..<c.channels {
        for ki in 0..<c.kernel {
          for kj in 0..<c.kernel {
            let row = (ch * c.kernel + ki) * c.kernel + kj
            for oy in 0..<g.outputHeight {
              for ox in 0..<g.outputWidth {
                let (iy, ix) = (oy * c.stride - c.padding + ki, ox * c.stride - c.padding + kj)
                let at = row * columns + s * g.outputPlane + oy * g.outputWidth + ox
                let inside = iy >= 0 && iy < c.height && ix >= 0 && ix < c.width
                let source = ((s * c.channels + ch) * c.height + iy) * c.width + ix
                if col[at] != (inside ? x[source] : 0) { mismatches += 1 }
                if inside { expectedAdjoint[source] += upstream[at] }
              }
            }
          }
        }
      }
    }
    #expect(mismatches == 0)
    var scratch = upstream
    var adjoint = [Float](repeating: 0, count: x.count)
    scratch.withUnsafeMutableBufferPointer { cp in
      adjoint.withUnsafeMutableBufferPointer { dp in
        ConvolutionKernel.col2imAdd(cp.baseAddress!, g, samples: 0..<c.samples, into: dp.baseAddress!)
      }
    }
    // Same additions in the same order per input pixel (padding entries add zeros).
    #expect(adjoint == expectedAdjoint)
  }
}
