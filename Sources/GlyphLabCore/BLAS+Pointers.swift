import CBLAS

extension BLAS {
  /// Row-major SGEMM on raw buffers, `c = alpha · op(a) · op(b) + beta · c`, for kernels in
  /// other GlyphLab modules that work on their own storage (the network library's
  /// convolutions and linear layers). `lda`, `ldb` and `ldc` are row strides in elements.
  /// Callers check shapes.
  ///
  /// The result does not depend on the thread count. OpenBLAS's own threading does not give
  /// that: it deals the product out by the thread count, and the kernels for the edges of
  /// each thread's part round differently, so 1 and 2 threads differ in the last bits (for
  /// most elements at the shapes of a cosine-softmax head). Here the product is cut into
  /// blocks of rows or columns of `c` by its shape alone (``GEMMPartition``), each block is one
  /// single-threaded OpenBLAS call, and the blocks run on GlyphLab's threads.
  ///
  /// A kernel that already deals its own tiles out to every core (the convolutions) passes
  /// `blocked: false`: the product is then one single-threaded OpenBLAS call, which is the
  /// same whatever the threads too, without cutting a tile's product again.
  ///
  /// - Complexity: O(m·n·k).
  package static func sgemm(
    _ transposeA: Transpose, _ transposeB: Transpose, m: Int, n: Int, k: Int, alpha: Float = 1,
    _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
    _ c: UnsafeMutablePointer<Float>, ldc: Int, blocked: Bool = true
  ) {
    guard m > 0, n > 0 else { return }
    if k == 0 {
      for i in 0..<m {
        for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] }
      }
      return
    }
    let partition = blocked ? GEMMPartition(m: m, n: n, k: k) : GEMMPartition(whole: m, n: n)
    // One block: the call itself.
    func block(_ index: Int) {
      let range = partition.range(of: index)
      let (rows, columns) = partition.alongRows ? (range, 0..<n) : (0..<m, range)
      // The block's corner in each operand: rows of op(a) and c, or columns of op(b) and c.
      let aStart = transposeA == .none ? rows.lowerBound * lda : rows.lowerBound
      let bStart = transposeB == .none ? columns.lowerBound : columns.lowerBound * ldb
      cblas_sgemm(
        CblasRowMajor, transposeA.cblas, transposeB.cblas, Int32(rows.count), Int32(columns.count), Int32(k),
        alpha, a + aStart, Int32(max(1, lda)), b + bStart, Int32(max(1, ldb)), beta,
        c + rows.lowerBound * ldc + columns.lowerBound, Int32(max(1, ldc)))
    }
    // Inside another single-threaded section (a kernel that already runs on every core), the
    // blocks run one after another on the calling thread: the same blocks, so the same result.
    let nested = section.withLock { $0.depth > 0 }
    withSingleThreadedCalls {
      let workers = nested ? 1 : min(partition.blocks, threadCount)
      Parallel.forEachWorker(workers) { worker in
        for index in stride(from: worker, to: partition.blocks, by: workers) { block(index) }
      }
    }
  }
}

extension BLAS {
  /// OpenBLAS's own SGEMM, threaded by OpenBLAS (row-major, no transposes): the machine's
  /// SGEMM rate that `glyphlab bench gemm` reports and the other kernels are compared with.
  /// Its last bits depend on the thread count, so GlyphLab's computations never use it.
  ///
  /// - Complexity: O(m·n·k).
  package static func openBLASThreadedSGEMM(
    m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>
  ) {
    guard m > 0, n > 0, k > 0 else { return }
    cblas_sgemm(
      CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(n), 0, c,
      Int32(n))
  }
}

/// How ``BLAS/sgemm(_:_:m:n:k:alpha:_:lda:_:ldb:beta:_:ldc:)`` cuts a product into blocks:
/// along the rows of `c` or its columns (whichever there are more of), into at most 16
/// blocks of at least 64 rows or columns (a multiple of 16) and about 2²¹ multiply-adds
/// each. It depends on the shape only, never on the threads, so neither does the result.
struct GEMMPartition: Equatable {
  /// Whether the blocks are rows of `c` (else columns).
  let alongRows: Bool
  /// The rows or columns cut.
  let extent: Int
  /// The rows or columns per block (the last block may have fewer).
  let size: Int

  init(m: Int, n: Int, k: Int) {
    alongRows = m >= n
    extent = alongRows ? m : n
    let mn = m.multipliedReportingOverflow(by: n)
    let work = mn.partialValue.multipliedReportingOverflow(by: k)
    let byWork = mn.overflow || work.overflow ? 16 : max(1, work.partialValue >> 21)
    let count = max(1, min(16, (extent + 63) / 64, byWork))
    let even = (extent + count - 1) / count
    size = max(1, min(extent, (even + 15) / 16 * 16))
  }

  /// The whole product as one block.
  init(whole m: Int, n: Int) {
    alongRows = true
    extent = m
    size = max(1, m)
  }

  /// The number of blocks.
  var blocks: Int { (extent + size - 1) / size }

  /// The rows or columns of block `index`.
  func range(of index: Int) -> Range<Int> { (index * size)..<min(extent, (index + 1) * size) }
}
