import GlyphLabCore

/// Convolution as im2col + SGEMM on OpenBLAS, chunk by chunk of samples.
///
/// Chunks are fixed by the shapes (``ConvolutionGeometry/samplesPerChunk``); workers take
/// chunks round-robin, each SGEMM runs single-threaded, each chunk writes only its own
/// samples, and per-chunk weight gradients are summed in chunk order. The results are
/// therefore bit-identical whatever the thread count.
enum ConvolutionKernel {
  /// Writes the im2col block of `samples` into `col` (`patchSize` rows of
  /// `samples.count · outputPlane` columns, sample-major within a row).
  ///
  /// - Complexity: O(samples · C · kh · kw · Ho · Wo).
  static func im2col(
    _ x: UnsafePointer<Float>, _ g: ConvolutionGeometry, samples: Range<Int>, into col: UnsafeMutablePointer<Float>
  ) {
    let ld = samples.count * g.outputPlane
    let (ho, wo, h, w, s, p) = (g.outputHeight, g.outputWidth, g.height, g.width, g.stride, g.padding)
    for (local, sample) in samples.enumerated() {
      for c in 0..<g.inputChannels {
        let src = x + (sample * g.inputChannels + c) * g.inputPlane
        for ki in 0..<g.kernelHeight {
          for kj in 0..<g.kernelWidth {
            let row = (c * g.kernelHeight + ki) * g.kernelWidth + kj
            let dst = col + row * ld + local * g.outputPlane
            if let shift = g.planeShift(ki, kj) {
              // The row is the input plane moved by `shift.offset`: one block copy, then
              // zeros where the window hangs over the image's edge.
              let (a, b) = shift.block(planeSize: h * w)
              dst.update(repeating: 0, count: a)
              (dst + a).update(from: src + a + shift.offset, count: b - a)
              (dst + b).update(repeating: 0, count: ho * w - b)
              shift.zeroEdgeColumns(dst)
              continue
            }
            // Output columns whose input column ox·s − p + kj is inside the image.
            let lo = min(wo, max(0, (p - kj + s - 1) / s))
            let last = w - 1 + p - kj
            let hi = last < 0 ? lo : max(lo, min(wo, last / s + 1))
            for oy in 0..<ho {
              let iy = oy * s - p + ki
              let d = dst + oy * wo
              if iy < 0 || iy >= h {
                d.update(repeating: 0, count: wo)
                continue
              }
              let line = src + iy * w - p + kj
              if lo > 0 { d.update(repeating: 0, count: lo) }
              if s == 1 {
                (d + lo).update(from: line + lo, count: hi - lo)
              } else {
                for ox in lo..<hi { d[ox] = line[ox * s] }
              }
              if hi < wo { (d + hi).update(repeating: 0, count: wo - hi) }
            }
          }
        }
      }
    }
  }

  /// Adds the im2col-shaped gradient `col` back into `dx` for `samples` (the adjoint of
  /// ``im2col(_:_:samples:into:)``). `col` is scratch: its entries that fall outside the
  /// image are overwritten with zeros.
  ///
  /// - Complexity: O(samples · C · kh · kw · Ho · Wo).
  static func col2imAdd(
    _ col: UnsafeMutablePointer<Float>, _ g: ConvolutionGeometry, samples: Range<Int>,
    into dx: UnsafeMutablePointer<Float>
  ) {
    let ld = samples.count * g.outputPlane
    let (ho, wo, h, w, s, p) = (g.outputHeight, g.outputWidth, g.height, g.width, g.stride, g.padding)
    for (local, sample) in samples.enumerated() {
      for c in 0..<g.inputChannels {
        let dst = dx + (sample * g.inputChannels + c) * g.inputPlane
        for ki in 0..<g.kernelHeight {
          for kj in 0..<g.kernelWidth {
            let row = (c * g.kernelHeight + ki) * g.kernelWidth + kj
            let src = col + row * ld + local * g.outputPlane
            if let shift = g.planeShift(ki, kj) {
              // The adjoint of im2col's block copy: zero the entries over the edge, then
              // one block addition (the zeros land on the neighbouring row's pixels and
              // leave them unchanged).
              shift.zeroEdgeColumns(src)
              let (a, b) = shift.block(planeSize: h * w)
              let target = dst + shift.offset
              for j in a..<b { target[j] += src[j] }
              continue
            }
            let lo = min(wo, max(0, (p - kj + s - 1) / s))
            let last = w - 1 + p - kj
            let hi = last < 0 ? lo : max(lo, min(wo, last / s + 1))
            for oy in 0..<ho {
              let iy = oy * s - p + ki
              if iy < 0 || iy >= h { continue }
              let line = dst + iy * w - p + kj
              let d = src + oy * wo
              if s == 1 {
                for ox in lo..<hi { line[ox] += d[ox] }
              } else {
                for ox in lo..<hi { line[ox * s] += d[ox] }
              }
            }
          }
        }
      }
    }
  }

  /// `y = conv(x, weight) + bias` for the whole batch.
  ///
  /// - Complexity: O(N · Cout · C · kh · kw · Ho · Wo).
  static func forward(
    input x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
    geometry g: ConvolutionGeometry, output y: UnsafeMutablePointer<Float>
  ) {
    let chunks = g.chunkCount
    let plane = g.outputPlane
    BLAS.withSingleThreadedCalls {
      let workers = min(chunks, max(1, BLAS.threadCount))
      Parallel.forEachWorker(workers) { worker in
        let maxColumns = g.samplesPerChunk * plane
        let col = UnsafeMutablePointer<Float>.allocate(capacity: g.patchSize * maxColumns)
        let out = UnsafeMutablePointer<Float>.allocate(capacity: g.outputChannels * maxColumns)
        defer {
          col.deallocate()
          out.deallocate()
        }
        var chunk = worker
        while chunk < chunks {
          let samples = g.samples(ofChunk: chunk)
          let columns = samples.count * plane
          im2col(x, g, samples: samples, into: col)
          if samples.count == 1 {
            let dst = y + samples.lowerBound * g.outputChannels * plane
            BLAS.sgemm(
              .none, .none, m: g.outputChannels, n: columns, k: g.patchSize, weight, lda: g.patchSize, col,
              ldb: columns, dst, ldc: columns, blocked: false)
            if let bias {
              for co in 0..<g.outputChannels {
                let b = bias[co]
                let row = dst + co * plane
                for i in 0..<plane { row[i] += b }
              }
            }
          } else {
            BLAS.sgemm(
              .none, .none, m: g.outputChannels, n: columns, k: g.patchSize, weight, lda: g.patchSize, col,
              ldb: columns, out, ldc: columns, blocked: false)
            for (local, sample) in samples.enumerated() {
              for co in 0..<g.outputChannels {
                let b = bias?[co] ?? 0
                let src = out + co * columns + local * plane
                let dst = y + (sample * g.outputChannels + co) * plane
                for i in 0..<plane { dst[i] = src[i] + b }
              }
            }
          }
          chunk += workers
        }
      }
    }
  }

  /// Accumulates the weight and bias gradients into `weightGradient`/`biasGradient` and,
  /// when `inputGradient` is given, writes the input gradient there.
  ///
  /// - Complexity: O(N · Cout · C · kh · kw · Ho · Wo), twice with the input gradient.
  static func backward(
    input x: UnsafePointer<Float>, weight: UnsafePointer<Float>, outputGradient dy: UnsafePointer<Float>,
    geometry g: ConvolutionGeometry, weightGradient dw: UnsafeMutablePointer<Float>,
    biasGradient db: UnsafeMutablePointer<Float>?, inputGradient dx: UnsafeMutablePointer<Float>?
  ) {
    let chunks = g.chunkCount
    let plane = g.outputPlane
    let wCount = g.outputChannels * g.patchSize
    let partialW = UnsafeMutablePointer<Float>.allocate(capacity: chunks * wCount)
    let partialB = UnsafeMutablePointer<Float>.allocate(capacity: chunks * g.outputChannels)
    defer {
      partialW.deallocate()
      partialB.deallocate()
    }
    BLAS.withSingleThreadedCalls {
      let workers = min(chunks, max(1, BLAS.threadCount))
      Parallel.forEachWorker(workers) { worker in
        let maxColumns = g.samplesPerChunk * plane
        let col = UnsafeMutablePointer<Float>.allocate(capacity: g.patchSize * maxColumns)
        let gathered = UnsafeMutablePointer<Float>.allocate(capacity: g.outputChannels * maxColumns)
        defer {
          col.deallocate()
          gathered.deallocate()
        }
        var chunk = worker
        while chunk < chunks {
          let samples = g.samples(ofChunk: chunk)
          let columns = samples.count * plane
          im2col(x, g, samples: samples, into: col)
          // dY of the chunk as Cout × (samples · plane).
          let dyChunk: UnsafePointer<Float>
          if samples.count == 1 {
            dyChunk = dy + samples.lowerBound * g.outputChannels * plane
          } else {
            for (local, sample) in samples.enumerated() {
              for co in 0..<g.outputChannels {
                (gathered + co * columns + local * plane).update(
                  from: dy + (sample * g.outputChannels + co) * plane, count: plane)
              }
            }
            dyChunk = UnsafePointer(gathered)
          }
          BLAS.sgemm(
            .none, .transposed, m: g.outputChannels, n: g.patchSize, k: columns, dyChunk, lda: columns, col,
            ldb: columns, partialW + chunk * wCount, ldc: g.patchSize, blocked: false)
          for co in 0..<g.outputChannels {
            partialB[chunk * g.outputChannels + co] = VectorKernels.sum(dyChunk + co * columns, columns)
          }
          if let dx {
            BLAS.sgemm(
              .transposed, .none, m: g.patchSize, n: columns, k: g.outputChannels, weight, lda: g.patchSize,
              dyChunk, ldb: columns, col, ldc: columns, blocked: false)
            let start = dx + samples.lowerBound * g.inputChannels * g.inputPlane
            start.update(repeating: 0, count: samples.count * g.inputChannels * g.inputPlane)
            col2imAdd(col, g, samples: samples, into: dx)
          }
          chunk += workers
        }
      }
    }
    // Fixed-order reduction over chunks.
    for chunk in 0..<chunks {
      let pw = partialW + chunk * wCount
      for i in 0..<wCount { dw[i] += pw[i] }
      if let db {
        let pb = partialB + chunk * g.outputChannels
        for co in 0..<g.outputChannels { db[co] += pb[co] }
      }
    }
  }
}
