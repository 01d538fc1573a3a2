import CBLAS
import CGlyphLabKernels

/// Blocked distances between two row sets on OpenBLAS, and the fused per-row argmin and
/// top-k built on them: the core of k-means, nearest-prototype and kNN.
///
/// Distances are computed as ‖x‖² + ‖y‖² − 2·X·Yᵀ (or 1 − X̂·Ŷᵀ for cosine) one tile at a
/// time, so memory stays within ``tileBytes`` however many rows there are: the full
/// queries × references matrix is never built unless ``distances(queries:references:memoryLimit:)``
/// is asked for it. Like faiss, the X·Yᵀ part of each tile is one SGEMM.
public struct DistanceKernel: Sendable {
  /// The metric.
  public var metric: DistanceMetric
  /// The working memory for distance tiles, in bytes. Each tile takes half of it, whatever
  /// the thread count (so results do not depend on it). Default 4 MiB, the fastest setting
  /// measured on a 2-core machine with 1 MiB of L2 per core: a 2 MiB tile is scanned right
  /// after the SGEMM that writes it, while most of it is still in L2 or L3.
  public var tileBytes: Int

  /// The instruction set the argmin and top-k row scans run with: "avx512", "avx2" or
  /// "scalar", chosen once from CPUID.
  public static var scanInstructionSet: String { String(cString: glyphlab_kernels_isa()) }

  /// Forces the row scans to "avx512", "avx2", "scalar" or back to "auto", for tests that
  /// check every build agrees. Returns false if this CPU cannot run it.
  @discardableResult
  package static func forceScanInstructionSet(_ isa: String) -> Bool {
    glyphlab_kernels_force_isa(isa) == 1
  }

  /// Creates a kernel. `tileBytes` bounds the working memory (default 4 MiB).
  public init(metric: DistanceMetric = .squaredEuclidean, tileBytes: Int = 4 << 20) {
    self.metric = metric
    self.tileBytes = max(4096, tileBytes)
  }

  /// Row norms and, for cosine, the row-normalised references, computed once per call.
  struct PreparedReferences {
    /// References as the GEMM sees them (normalised rows for cosine).
    var matrix: Matrix
    /// ‖y‖² for squared Euclidean, 1 for cosine: the per-column term of a partial distance.
    var columnTerms: [Float]
  }

  /// The tile shape for `queries` × `references` rows within `bytes`: at most 1,024
  /// references, so a 2 MiB tile has 512 query rows. SGEMM packs the reference block again
  /// for every query tile; with 4,096 references and 128 query rows that packing took 12% of
  /// a kNN search (10,000 references), and the search ran 1.1–1.3× slower.
  func tileShape(queries: Int, references: Int, bytes: Int) -> (queries: Int, references: Int) {
    let referenceTile = max(1, min(references, 1024))
    let queryTile = max(16, bytes / (4 * referenceTile))
    return (max(1, min(queries, queryTile)), referenceTile)
  }

  /// The fused tile loop behind ``argmin(queries:references:)`` and
  /// ``topK(queries:references:k:)``. Tiles of query rows are dealt to worker threads
  /// (worker w takes tiles w, w + workers, …); each worker multiplies its tile with a
  /// single-threaded SGEMM and calls `scan` on it while it is still in cache. `scan` receives
  /// the tile (`alpha·X·Yᵀ`, row stride = reference-range length), the query and reference
  /// ranges, and the column terms of that reference range; query ranges never overlap.
  /// The per-row terms are written to `rowTerms`. Every query row is computed the same way
  /// whatever the number of workers, so results do not depend on it.
  func fusedTiles(
    queries: Matrix, prepared: PreparedReferences, rowTerms: UnsafeMutablePointer<Float>,
    _ scan: (UnsafeMutablePointer<Float>, Range<Int>, Range<Int>, UnsafePointer<Float>) -> Void
  ) {
    let n = queries.rows
    let m = prepared.matrix.rows
    guard n > 0, m > 0 else { return }
    let workers = max(1, BLAS.threadCount)
    // The tile shape must not depend on the number of workers: SGEMM's rounding depends on
    // the shape it is called with, and every query row must be computed the same way
    // whatever the thread count. Each tile takes half the working memory (two in flight).
    let shape = tileShape(queries: n, references: m, bytes: tileBytes / 2)
    let tiles = (n + shape.queries - 1) / shape.queries
    nonisolated(unsafe) let rowTerms = rowTerms
    prepared.columnTerms.withUnsafeBufferPointer { terms in
      nonisolated(unsafe) let termBase = terms.baseAddress!
      BLAS.withSingleThreadedCalls {
        Parallel.forEachWorker(min(workers, tiles)) { worker in
          let tile = UnsafeMutablePointer<Float>.allocate(capacity: shape.queries * shape.references)
          defer { tile.deallocate() }
          var t = worker
          while t < tiles {
            let q0 = t * shape.queries
            let q1 = min(n, q0 + shape.queries)
            let block = prepareQueries(queries.rows(q0..<q1))
            for i in 0..<(q1 - q0) { rowTerms[q0 + i] = block.rowTerms[i] }
            var r0 = 0
            while r0 < m {
              let r1 = min(m, r0 + shape.references)
              productTile(queries: block.matrix, references: prepared.matrix.rows(r0..<r1), into: tile)
              scan(tile, q0..<q1, r0..<r1, termBase + r0)
              r0 = r1
            }
            t += workers
          }
        }
      }
    }
  }

  func validate(queries: Matrix, references: Matrix, operation: String) throws {
    guard queries.columns == references.columns else {
      throw GlyphLabError.shapeMismatch(
        operation: operation,
        detail: "queries have \(queries.columns) columns, references \(references.columns)")
    }
    try queries.requireFinite(operation: operation, argument: "queries")
    try references.requireFinite(operation: operation, argument: "references")
  }

  func prepare(_ references: Matrix) -> PreparedReferences {
    switch metric {
    case .squaredEuclidean:
      return PreparedReferences(matrix: references, columnTerms: references.rowSquaredNorms())
    case .cosine:
      return PreparedReferences(
        matrix: references.rowNormalized(),
        columnTerms: [Float](repeating: 1, count: references.rows))
    }
  }

  /// The per-row term and the GEMM operand for a block of queries.
  func prepareQueries(_ block: Matrix) -> (matrix: Matrix, rowTerms: [Float]) {
    switch metric {
    case .squaredEuclidean: return (block, block.rowSquaredNorms())
    case .cosine: return (block.rowNormalized(), [Float](repeating: 0, count: block.rows))
    }
  }

  var gemmAlpha: Float { metric == .squaredEuclidean ? -2 : -1 }
  var upperClamp: Float { metric == .cosine ? 2 : .infinity }

  /// Computes `tile[i][j] = alpha · x_i · y_j` for one tile with a single SGEMM. Adding the
  /// column term (‖y‖² or 1) gives a partial distance, and the row term the distance itself.
  func productTile(queries q: Matrix, references r: Matrix, into tile: UnsafeMutablePointer<Float>) {
    let m = q.rows
    let n = r.rows
    let d = q.columns
    if d == 0 {
      tile.update(repeating: 0, count: m * n)
      return
    }
    q.withUnsafeBufferPointer { qp in
      r.withUnsafeBufferPointer { rp in
        cblas_sgemm(
          CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(d), gemmAlpha,
          qp.baseAddress, Int32(d), rp.baseAddress, Int32(d), 0, tile, Int32(n))
      }
    }
  }

  /// Streams the distances tile by tile. `body` receives the query rows, the reference rows,
  /// and the tile as `queryRows.count × referenceRows.count` row-major distances.
  ///
  /// - Complexity: O(n·m·d) time, O(``tileBytes``) extra memory besides per-row norms.
  public func forEachTile(
    queries: Matrix, references: Matrix,
    _ body: (Range<Int>, Range<Int>, UnsafeBufferPointer<Float>) throws -> Void
  ) throws {
    try validate(queries: queries, references: references, operation: "distances")
    let prepared = prepare(references)
    let shape = tileShape(queries: queries.rows, references: references.rows, bytes: tileBytes)
    var tile = [Float](repeating: 0, count: shape.queries * shape.references)
    let clampHigh = upperClamp
    try prepared.columnTerms.withUnsafeBufferPointer { terms in
      var q0 = 0
      while q0 < queries.rows {
        let q1 = min(queries.rows, q0 + shape.queries)
        let block = prepareQueries(queries.rows(q0..<q1))
        var r0 = 0
        while r0 < references.rows {
          let r1 = min(references.rows, r0 + shape.references)
          let width = r1 - r0
          try tile.withUnsafeMutableBufferPointer { tp in
            let base = tp.baseAddress!
            productTile(
              queries: block.matrix, references: prepared.matrix.rows(r0..<r1), into: base)
            for i in 0..<(q1 - q0) {
              let rowTerm = block.rowTerms[i]
              for j in 0..<width {
                let value = base[i * width + j] + terms[r0 + j] + rowTerm
                base[i * width + j] = min(clampHigh, max(0, value))
              }
            }
            try body(
              q0..<q1, r0..<r1, UnsafeBufferPointer(start: base, count: (q1 - q0) * width))
          }
          r0 = r1
        }
        q0 = q1
      }
    }
  }

  /// The full distance matrix. Use only for small inputs: it holds queries × references
  /// floats, and throws ``GlyphLabError/memoryLimit(operation:bytes:limit:)`` above
  /// `memoryLimit` (default 1 GiB). Prefer ``argmin(queries:references:)``,
  /// ``topK(queries:references:k:)`` or ``forEachTile(queries:references:_:)``.
  ///
  /// - Complexity: O(n·m·d) time, O(n·m) memory.
  public func distances(
    queries: Matrix, references: Matrix, memoryLimit: Int = 1 << 30
  ) throws
    -> Matrix
  {
    let bytes = queries.rows * references.rows * 4
    guard bytes <= memoryLimit else {
      throw GlyphLabError.memoryLimit(operation: "distances", bytes: bytes, limit: memoryLimit)
    }
    var out = Matrix(rows: queries.rows, columns: references.rows)
    let width = references.rows
    try out.withUnsafeMutableBufferPointer { op in
      try forEachTile(queries: queries, references: references) { qr, rr, tile in
        for (i, qi) in qr.enumerated() {
          for (j, rj) in rr.enumerated() { op[qi * width + rj] = tile[i * rr.count + j] }
        }
      }
    }
    return out
  }
}
