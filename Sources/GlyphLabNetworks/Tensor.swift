import GlyphLabCore

/// A dense, row-major tensor of `Float` (images are NCHW: batch, channels, height, width).
///
/// A value type over a copy-on-write array: copies are O(1) until one is written.
public struct Tensor: Sendable, Equatable {
  /// The extent of each dimension, outermost first.
  public let shape: [Int]
  /// The elements, row-major (last dimension fastest).
  public var values: [Float]

  /// A tensor of `shape` with every element `value`.
  public init(shape: [Int], repeating value: Float = 0) {
    precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape must be non-negative")
    self.shape = shape
    values = [Float](repeating: value, count: shape.reduce(1, *))
  }

  /// A tensor of `shape` over `values`; throws if the count does not match.
  public init(shape: [Int], values: [Float]) throws {
    guard shape.allSatisfy({ $0 >= 0 }) else {
      throw GlyphLabError.invalidArgument(
        operation: "Tensor", name: "shape", value: "\(shape)", reason: "dimensions must be non-negative")
    }
    guard values.count == shape.reduce(1, *) else {
      throw GlyphLabError.shapeMismatch(
        operation: "Tensor", detail: "\(values.count) values cannot fill shape \(shape)")
    }
    self.shape = shape
    self.values = values
  }

  /// A tensor whose storage the caller has already sized (internal fast path).
  init(uncheckedShape shape: [Int], values: [Float]) {
    self.shape = shape
    self.values = values
  }

  /// A tensor of `shape` whose elements `fill` writes (every one of them) into the buffer.
  init(shape: [Int], fill: (UnsafeMutableBufferPointer<Float>) -> Void) {
    let count = shape.reduce(1, *)
    self.shape = shape
    values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      fill(buffer)
      initialized = count
    }
  }

  /// The number of elements.
  public var count: Int { values.count }

  /// The number of dimensions.
  public var rank: Int { shape.count }

  /// The same elements viewed with another shape of equal element count.
  public func reshaped(_ newShape: [Int]) throws -> Tensor {
    guard newShape.reduce(1, *) == count, newShape.allSatisfy({ $0 >= 0 }) else {
      throw GlyphLabError.shapeMismatch(
        operation: "Tensor.reshaped", detail: "cannot view shape \(shape) as \(newShape)")
    }
    return Tensor(uncheckedShape: newShape, values: values)
  }

  /// A batch of glyph images as an `N × 1 × H × W` tensor, ink 255 → 1, paper 0 → 0.
  ///
  /// - Complexity: O(N·H·W).
  public init(images: GlyphImages) {
    let scale: Float = 1 / 255
    self.init(shape: [images.count, 1, images.height, images.width]) { out in
      images.pixels.withUnsafeBufferPointer { px in
        for i in 0..<px.count { out[i] = Float(px[i]) * scale }
      }
    }
  }

  /// The rows `range` of the outermost dimension (e.g. a slice of a batch).
  public func batch(_ range: Range<Int>) throws -> Tensor {
    guard let first = shape.first, range.lowerBound >= 0, range.upperBound <= first else {
      throw GlyphLabError.invalidArgument(
        operation: "Tensor.batch", name: "range", value: "\(range)", reason: "outside the batch of shape \(shape)")
    }
    let inner = shape.dropFirst().reduce(1, *)
    return Tensor(
      uncheckedShape: [range.count] + shape.dropFirst(),
      values: Array(values[(range.lowerBound * inner)..<(range.upperBound * inner)]))
  }

  /// The matrix view of a rank-2 tensor (copying its storage once).
  public var matrix: Matrix {
    get throws {
      guard rank == 2 else {
        throw GlyphLabError.shapeMismatch(operation: "Tensor.matrix", detail: "shape \(shape) is not rank 2")
      }
      return try Matrix(rows: shape[0], columns: shape[1], elements: values)
    }
  }

  /// A rank-2 tensor over a matrix's elements.
  public init(_ matrix: Matrix) {
    var values = [Float]()
    values.reserveCapacity(matrix.count)
    for i in 0..<matrix.rows { values.append(contentsOf: matrix.row(i)) }
    self.init(uncheckedShape: [matrix.rows, matrix.columns], values: values)
  }
}
