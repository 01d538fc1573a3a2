import CHDF5
import Foundation

/// An open HDF5 dataset, closed when the last reference goes away.
///
/// Reads and writes move whole rows: a "row" is one index of the first dimension, so a
/// `[N, H, W]` image stack reads image by image and a 1-D curve element by element.
public final class HDF5Dataset: HDF5AttributeHolder {
  public let objectID: HDF5ObjectID
  public let objectPath: String
  public let fileDescription: String

  /// The kind of element stored.
  public enum ElementClass: String, Sendable {
    case integer, float, string, other
  }

  init(id: hid_t, path: String, file: String) {
    objectID = HDF5ObjectID(handle: HDF5Handle(id, close: H5Dclose))
    objectPath = path
    fileDescription = file
  }

  private func context(_ what: String) -> String { "\(what) \(objectPath) in \(fileDescription)" }

  /// The current shape.
  public func shape() throws -> [Int] {
    let space = HDF5Handle.dataspace(
      try HDF5Library.check(H5Dget_space(objectID.raw), "H5Dget_space", context("shape of")))
    let rank = Int(
      try HDF5Library.check(H5Sget_simple_extent_ndims(space.id), "H5Sget_simple_extent_ndims", context("shape of")))
    var dims = [hsize_t](repeating: 0, count: rank)
    H5Sget_simple_extent_dims(space.id, &dims, nil)
    return dims.map { Int($0) }
  }

  /// The largest shape the dataset may grow to; `nil` entries are unlimited.
  public func maxShape() throws -> [Int?] {
    let space = HDF5Handle.dataspace(
      try HDF5Library.check(H5Dget_space(objectID.raw), "H5Dget_space", context("shape of")))
    let rank = Int(
      try HDF5Library.check(H5Sget_simple_extent_ndims(space.id), "H5Sget_simple_extent_ndims", context("shape of")))
    var dims = [hsize_t](repeating: 0, count: rank)
    var maxDims = [hsize_t](repeating: 0, count: rank)
    H5Sget_simple_extent_dims(space.id, &dims, &maxDims)
    return maxDims.map { $0 == glyphlab_h5s_unlimited() ? nil : Int($0) }
  }

  /// The chunk shape, or `nil` if the dataset is stored contiguously.
  public func chunkShape() throws -> [Int]? {
    let dcpl = HDF5Handle.propertyList(
      try HDF5Library.check(H5Dget_create_plist(objectID.raw), "H5Dget_create_plist", context("layout of")))
    guard H5Pget_layout(dcpl.id) == H5D_CHUNKED else { return nil }
    var dims = [hsize_t](repeating: 0, count: 32)
    let rank = try HDF5Library.check(H5Pget_chunk(dcpl.id, 32, &dims), "H5Pget_chunk", context("layout of"))
    return dims.prefix(Int(rank)).map { Int($0) }
  }

  /// The deflate (gzip) level the dataset is compressed with, or `nil` if it is not.
  public func deflateLevel() throws -> Int? {
    let dcpl = HDF5Handle.propertyList(
      try HDF5Library.check(H5Dget_create_plist(objectID.raw), "H5Dget_create_plist", context("filters of")))
    var flags: UInt32 = 0
    var count = 1
    var values: [UInt32] = [0]
    var config: UInt32 = 0
    let filter = H5Pget_filter_by_id2(
      dcpl.id, H5Z_filter_t(glyphlab_h5z_filter_deflate()), &flags, &count, &values, 0, nil, &config)
    guard filter >= 0 else {
      _ = HDF5Library.lastErrorMessage()  // clears the stack of the expected "not found"
      return nil
    }
    return count > 0 ? Int(values[0]) : 0
  }

  /// The stored element class and size in bytes.
  public func elementType() throws -> (kind: ElementClass, bytes: Int, signed: Bool) {
    let type = HDF5Handle.datatype(
      try HDF5Library.check(H5Dget_type(objectID.raw), "H5Dget_type", context("type of")))
    let bytes = H5Tget_size(type.id)
    switch H5Tget_class(type.id) {
    case H5T_INTEGER: return (.integer, bytes, H5Tget_sign(type.id) == H5T_SGN_2)
    case H5T_FLOAT: return (.float, bytes, true)
    case H5T_STRING: return (.string, bytes, false)
    default: return (.other, bytes, false)
    }
  }

  /// Throws unless the stored type is `T` exactly (same class, size and signedness), so a
  /// file with the wrong layout is refused instead of silently converted.
  public func requireType<T: HDF5Scalar>(_ type: T.Type) throws {
    let stored = try elementType()
    let wanted: (ElementClass, Int, Bool)
    switch T.hdf5Type.name {
    case "float32": wanted = (.float, 4, true)
    case "float64": wanted = (.float, 8, true)
    case let name where name.hasPrefix("uint"): wanted = (.integer, MemoryLayout<T>.size, false)
    default: wanted = (.integer, MemoryLayout<T>.size, true)
    }
    guard stored.kind == wanted.0, stored.bytes == wanted.1, stored.signed == wanted.2 else {
      let found =
        stored.kind == .integer
        ? "\(stored.signed ? "int" : "uint")\(stored.bytes * 8)" : "\(stored.kind.rawValue)\(stored.bytes * 8)"
      throw HDF5Error(
        function: "type check", context: context("dataset"),
        detail: "holds \(found), expected \(T.hdf5Type.name)")
    }
  }

  /// Reads the whole dataset, converted to `T` by HDF5.
  public func read<T: HDF5Scalar>(as type: T.Type = T.self) throws -> [T] {
    let count = try shape().reduce(1, *)
    return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      if count > 0 {
        try HDF5Library.check(
          H5Dread(
            objectID.raw, T.hdf5Type.make(), glyphlab_h5s_all(), glyphlab_h5s_all(), glyphlab_h5p_default(),
            buffer.baseAddress),
          "H5Dread", context("read"))
      }
      initialized = count
    }
  }

  /// Reads rows `range` of the first dimension into a flat array.
  public func readRows<T: HDF5Scalar>(_ range: Range<Int>, as type: T.Type = T.self) throws -> [T] {
    let dims = try shape()
    guard let rows = dims.first, range.lowerBound >= 0, range.upperBound <= rows else {
      throw HDF5Error(
        function: "read rows", context: context("read"),
        detail: "rows \(range) outside the shape \(dims)")
    }
    let rowSize = dims.dropFirst().reduce(1, *)
    let count = range.count * rowSize
    return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      if count > 0 {
        try withRowSelection(range, dims: dims) { memory, file in
          try HDF5Library.check(
            H5Dread(objectID.raw, T.hdf5Type.make(), memory, file, glyphlab_h5p_default(), buffer.baseAddress),
            "H5Dread", context("read"))
        }
      }
      initialized = count
    }
  }

  /// Writes the whole dataset from `values` (which must match its element count).
  public func write<T: HDF5Scalar>(_ values: [T]) throws {
    let count = try shape().reduce(1, *)
    guard values.count == count else {
      throw HDF5Error(
        function: "write", context: context("write"),
        detail: "\(values.count) values for \(count) elements")
    }
    guard count > 0 else { return }
    try values.withUnsafeBufferPointer { buffer in
      _ = try HDF5Library.check(
        H5Dwrite(
          objectID.raw, T.hdf5Type.make(), glyphlab_h5s_all(), glyphlab_h5s_all(), glyphlab_h5p_default(),
          buffer.baseAddress),
        "H5Dwrite", context("write"))
    }
  }

  /// Writes `values` into rows starting at `row` of the first dimension.
  public func writeRows<T: HDF5Scalar>(_ values: UnsafeBufferPointer<T>, at row: Int) throws {
    let dims = try shape()
    let rowSize = dims.dropFirst().reduce(1, *)
    guard rowSize > 0, values.count % rowSize == 0 else {
      throw HDF5Error(
        function: "write rows", context: context("write"),
        detail: "\(values.count) values are not whole rows of \(rowSize)")
    }
    let range = row..<(row + values.count / rowSize)
    guard let rows = dims.first, row >= 0, range.upperBound <= rows else {
      throw HDF5Error(
        function: "write rows", context: context("write"),
        detail: "rows \(range) outside the shape \(dims)")
    }
    guard !range.isEmpty else { return }
    try withRowSelection(range, dims: dims) { memory, file in
      _ = try HDF5Library.check(
        H5Dwrite(objectID.raw, T.hdf5Type.make(), memory, file, glyphlab_h5p_default(), values.baseAddress),
        "H5Dwrite", context("write"))
    }
  }

  /// Appends rows to a dataset whose first dimension is unlimited (it must be chunked).
  public func append<T: HDF5Scalar>(_ values: [T]) throws {
    try values.withUnsafeBufferPointer { try append(contentsOf: $0) }
  }

  /// Appends the rows in `values` to a dataset whose first dimension is unlimited (it must
  /// be chunked), without copying them first.
  public func append<T: HDF5Scalar>(contentsOf values: UnsafeBufferPointer<T>) throws {
    var dims = try shape()
    let rowSize = dims.dropFirst().reduce(1, *)
    guard !dims.isEmpty, rowSize > 0, values.count % rowSize == 0 else {
      throw HDF5Error(
        function: "append", context: context("append to"),
        detail: "\(values.count) values are not whole rows of \(rowSize)")
    }
    guard !values.isEmpty else { return }
    let start = dims[0]
    dims[0] += values.count / rowSize
    var newDims = dims.map { hsize_t($0) }
    try HDF5Library.check(H5Dset_extent(objectID.raw, &newDims), "H5Dset_extent", context("extend"))
    try writeRows(values, at: start)
  }

  /// Reads a 1-D variable-length (or fixed-length) string dataset.
  public func readStrings() throws -> [String] {
    let type = HDF5Handle.datatype(
      try HDF5Library.check(H5Dget_type(objectID.raw), "H5Dget_type", context("read")))
    guard H5Tget_class(type.id) == H5T_STRING else {
      throw HDF5Error(function: "read strings", context: context("read"), detail: "not a string dataset")
    }
    let count = try shape().reduce(1, *)
    guard count > 0 else { return [] }
    if H5Tis_variable_str(type.id) > 0 {
      let memType = try HDF5Handle.utf8StringType(context: context("read"))
      var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
      try HDF5Library.check(
        H5Dread(objectID.raw, memType.id, glyphlab_h5s_all(), glyphlab_h5s_all(), glyphlab_h5p_default(), &pointers),
        "H5Dread", context("read"))
      let space = HDF5Handle.dataspace(H5Dget_space(objectID.raw))
      defer { H5Dvlen_reclaim(memType.id, space.id, glyphlab_h5p_default(), &pointers) }
      return pointers.map { $0.map { String(cString: $0) } ?? "" }
    }
    let size = H5Tget_size(type.id)
    var buffer = [CChar](repeating: 0, count: size * count + 1)
    try HDF5Library.check(
      H5Dread(objectID.raw, type.id, glyphlab_h5s_all(), glyphlab_h5s_all(), glyphlab_h5p_default(), &buffer),
      "H5Dread", context("read"))
    return (0..<count).map { i in
      let slice = buffer[(i * size)..<((i + 1) * size)].prefix { $0 != 0 }
      return String(decoding: slice.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
  }

  private func withRowSelection(
    _ range: Range<Int>, dims: [Int], _ body: (hid_t, hid_t) throws -> Void
  ) throws {
    let fileSpace = HDF5Handle.dataspace(
      try HDF5Library.check(H5Dget_space(objectID.raw), "H5Dget_space", context("select rows of")))
    var start = [hsize_t](repeating: 0, count: dims.count)
    var count = dims.map { hsize_t($0) }
    start[0] = hsize_t(range.lowerBound)
    count[0] = hsize_t(range.count)
    try HDF5Library.check(
      H5Sselect_hyperslab(fileSpace.id, H5S_SELECT_SET, &start, nil, &count, nil),
      "H5Sselect_hyperslab", context("select rows of"))
    let memory = try HDF5Handle.simpleDataspace(
      shape: count.map { Int($0) }, context: context("select rows of"))
    try body(memory.id, fileSpace.id)
  }
}
