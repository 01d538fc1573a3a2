/// A dense, row-major matrix of `Float`, the type every GlyphLab kernel works on.
///
/// Storage is a copy-on-write array, so a ``rows(_:)`` view shares it without copying:
/// a view of a block of rows costs O(1), and writing through one copies only then.
public struct Matrix: Sendable {
  /// The number of rows.
  public let rows: Int
  /// The number of columns (the row length).
  public let columns: Int
  @usableFromInline internal var storage: [Float]
  /// Index in `storage` of element (0, 0); non-zero only for views.
  @usableFromInline internal var offset: Int

  @usableFromInline
  internal init(rows: Int, columns: Int, storage: [Float], offset: Int) {
    #if GLYPHLAB_CHECKS
      precondition(rows >= 0 && columns >= 0 && offset >= 0)
      precondition(offset + rows * columns <= storage.count)
    #endif
    self.rows = rows
    self.columns = columns
    self.storage = storage
    self.offset = offset
  }

  /// A matrix with every element set to `value`.
  public init(rows: Int, columns: Int, repeating value: Float = 0) {
    precondition(rows >= 0 && columns >= 0, "Matrix shape must be non-negative")
    self.init(
      rows: rows, columns: columns, storage: [Float](repeating: value, count: rows * columns),
      offset: 0)
  }

  /// A matrix over row-major `elements`; throws if the count is not `rows × columns`.
  public init(rows: Int, columns: Int, elements: [Float]) throws {
    guard rows >= 0, columns >= 0 else {
      throw GlyphLabError.invalidArgument(
        operation: "Matrix", name: "shape", value: "\(rows)×\(columns)",
        reason: "dimensions must be non-negative")
    }
    guard elements.count == rows * columns else {
      throw GlyphLabError.shapeMismatch(
        operation: "Matrix",
        detail: "\(elements.count) elements cannot fill \(rows)×\(columns)")
    }
    self.init(rows: rows, columns: columns, storage: elements, offset: 0)
  }

  /// A matrix whose element (i, j) is `element(i, j)`.
  public init(rows: Int, columns: Int, _ element: (Int, Int) throws -> Float) rethrows {
    precondition(rows >= 0 && columns >= 0, "Matrix shape must be non-negative")
    var values = [Float]()
    values.reserveCapacity(rows * columns)
    for i in 0..<rows {
      for j in 0..<columns { values.append(try element(i, j)) }
    }
    self.init(rows: rows, columns: columns, storage: values, offset: 0)
  }

  /// A matrix from an array of equal-length rows.
  public init(_ rowArrays: [[Float]]) throws {
    let width = rowArrays.first?.count ?? 0
    for (i, row) in rowArrays.enumerated() where row.count != width {
      throw GlyphLabError.shapeMismatch(
        operation: "Matrix", detail: "row \(i) has \(row.count) columns, row 0 has \(width)")
    }
    self.init(rows: rowArrays.count, columns: width, storage: rowArrays.flatMap { $0 }, offset: 0)
  }

  /// The number of elements, `rows × columns`.
  @inlinable public var count: Int { rows * columns }

  /// The shape as `(rows, columns)`.
  @inlinable public var shape: (rows: Int, columns: Int) { (rows, columns) }

  /// Element (`row`, `column`).
  @inlinable public subscript(row: Int, column: Int) -> Float {
    get {
      precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
      return storage[offset + row * columns + column]
    }
    set {
      precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
      if offset != 0 || storage.count != count {
        storage = Array(storage[offset..<offset + count])
        offset = 0
      }
      storage[row * columns + column] = newValue
    }
  }

  /// The elements in row-major order (a copy when this is a view of a larger matrix).
  public var elements: [Float] {
    if offset == 0 && storage.count == count { return storage }
    return Array(storage[offset..<offset + count])
  }

  /// Row `i` as a slice of the shared storage.
  @inlinable public func row(_ i: Int) -> ArraySlice<Float> {
    precondition(i >= 0 && i < rows, "Matrix row out of range")
    let start = offset + i * columns
    return storage[start..<start + columns]
  }

  /// Calls `body` with the elements in row-major order, `rows × columns` of them.
  @inlinable
  public func withUnsafeBufferPointer<R>(
    _ body: (UnsafeBufferPointer<Float>) throws -> R
  ) rethrows
    -> R
  {
    try storage.withUnsafeBufferPointer { all in
      try body(UnsafeBufferPointer(rebasing: all[offset..<offset + count]))
    }
  }

  /// Calls `body` with mutable access to the elements, copying shared storage first.
  /// A view of a larger matrix first copies just its own rows into storage of its own.
  @inlinable
  public mutating func withUnsafeMutableBufferPointer<R>(
    _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
  ) rethrows -> R {
    if offset != 0 || storage.count != count {
      storage = Array(storage[offset..<offset + count])
      offset = 0
    }
    let start = offset
    let n = count
    return try storage.withUnsafeMutableBufferPointer { all in
      try body(UnsafeMutableBufferPointer(rebasing: all[start..<start + n]))
    }
  }
}

extension Matrix: Equatable {
  /// Two matrices are equal when they have the same shape and elements (views included).
  public static func == (lhs: Matrix, rhs: Matrix) -> Bool {
    guard lhs.rows == rhs.rows, lhs.columns == rhs.columns else { return false }
    return lhs.withUnsafeBufferPointer { a in
      rhs.withUnsafeBufferPointer { b in a.elementsEqual(b) }
    }
  }
}

extension Matrix: CustomStringConvertible {
  public var description: String {
    let shown = min(rows, 6)
    var lines = ["Matrix \(rows)×\(columns)"]
    for i in 0..<shown {
      let values = row(i).prefix(8).map { String(format: "%9.4f", $0) }.joined(separator: " ")
      lines.append("  [" + values + (columns > 8 ? " …" : "") + "]")
    }
    if rows > shown { lines.append("  …") }
    return lines.joined(separator: "\n")
  }
}
