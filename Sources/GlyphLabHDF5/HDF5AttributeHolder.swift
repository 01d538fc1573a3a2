import CHDF5
import Foundation

/// An HDF5 object that carries attributes: a file's root group, a group or a dataset.
public protocol HDF5AttributeHolder: AnyObject {
  /// The open object.
  var objectID: HDF5ObjectID { get }
  /// Its absolute path inside the file, for messages.
  var objectPath: String { get }
  /// The file it is in, for messages.
  var fileDescription: String { get }
}

extension HDF5AttributeHolder {
  func where_(_ what: String) -> String { "\(what) on \(objectPath) in \(fileDescription)" }

  /// Whether an attribute called `name` exists.
  public func hasAttribute(_ name: String) -> Bool {
    H5Aexists(objectID.raw, name) > 0
  }

  /// The names of all attributes, in name order.
  public func attributeNames() throws -> [String] {
    var names: [String] = []
    var info = H5O_info_t()
    try HDF5Library.check(
      H5Oget_info2(objectID.raw, &info, UInt32(H5O_INFO_NUM_ATTRS)), "H5Oget_info2", where_("list attributes"))
    for index in 0..<Int(info.num_attrs) {
      let length = H5Aget_name_by_idx(
        objectID.raw, ".", H5_INDEX_NAME, H5_ITER_INC, hsize_t(index), nil, 0,
        glyphlab_h5p_default())
      try HDF5Library.check(length, "H5Aget_name_by_idx", where_("list attributes"))
      var buffer = [CChar](repeating: 0, count: Int(length) + 1)
      H5Aget_name_by_idx(
        objectID.raw, ".", H5_INDEX_NAME, H5_ITER_INC, hsize_t(index), &buffer, buffer.count,
        glyphlab_h5p_default())
      names.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return names
  }

  /// Removes attribute `name` if present.
  public func removeAttribute(_ name: String) throws {
    if hasAttribute(name) {
      try HDF5Library.check(H5Adelete(objectID.raw, name), "H5Adelete", where_("delete attribute \(name)"))
    }
  }

  /// Sets a variable-length UTF-8 string attribute, replacing any old value.
  public func setAttribute(_ name: String, _ value: String) throws {
    try setStringsAttribute(name, [value], scalar: true)
  }

  /// Sets an array-of-strings attribute (variable-length UTF-8).
  public func setAttribute(_ name: String, _ values: [String]) throws {
    try setStringsAttribute(name, values, scalar: false)
  }

  /// Sets a 64-bit integer attribute.
  public func setAttribute(_ name: String, _ value: Int) throws {
    try setNumericAttribute(name, [Int64(value)], scalar: true)
  }

  /// Sets a boolean attribute (an HDF5 enum h5py reads as `bool`).
  public func setAttribute(_ name: String, _ value: Bool) throws {
    try setNumericAttribute(name, [value], scalar: true)
  }

  /// Sets a 64-bit float attribute.
  public func setAttribute(_ name: String, _ value: Double) throws {
    try setNumericAttribute(name, [value], scalar: true)
  }

  /// Sets a numeric array attribute.
  public func setAttribute<T: HDF5Scalar>(_ name: String, _ values: [T]) throws {
    try setNumericAttribute(name, values, scalar: false)
  }

  /// A string attribute; throws if it is missing or not a string.
  public func stringAttribute(_ name: String) throws -> String {
    let values = try stringsAttribute(name)
    guard let first = values.first else {
      throw HDF5Error(function: "read attribute", context: where_("attribute \(name)"), detail: "empty")
    }
    return first
  }

  /// A string-array attribute (a scalar string reads as one element).
  public func stringsAttribute(_ name: String) throws -> [String] {
    let attribute = try openAttribute(name)
    let type = HDF5Handle.datatype(
      try HDF5Library.check(H5Aget_type(attribute.id), "H5Aget_type", where_("attribute \(name)")))
    guard H5Tget_class(type.id) == H5T_STRING else {
      throw HDF5Error(
        function: "read attribute", context: where_("attribute \(name)"), detail: "not a string")
    }
    let space = HDF5Handle.dataspace(
      try HDF5Library.check(H5Aget_space(attribute.id), "H5Aget_space", where_("attribute \(name)")))
    let count = Int(H5Sget_simple_extent_npoints(space.id))
    if H5Tis_variable_str(type.id) > 0 {
      let memType = try HDF5Handle.utf8StringType(context: where_("attribute \(name)"))
      var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
      try HDF5Library.check(
        H5Aread(attribute.id, memType.id, &pointers), "H5Aread", where_("attribute \(name)"))
      defer { H5Dvlen_reclaim(memType.id, space.id, glyphlab_h5p_default(), &pointers) }
      return pointers.map { $0.map { String(cString: $0) } ?? "" }
    }
    let size = H5Tget_size(type.id)
    var buffer = [CChar](repeating: 0, count: size * count + 1)
    try HDF5Library.check(H5Aread(attribute.id, type.id, &buffer), "H5Aread", where_("attribute \(name)"))
    return (0..<count).map { i in
      let slice = buffer[(i * size)..<((i + 1) * size)].prefix { $0 != 0 }
      return String(decoding: slice.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
  }

  /// An integer attribute (any integer or float type is converted by HDF5).
  public func intAttribute(_ name: String) throws -> Int {
    let values: [Int64] = try numericAttribute(name)
    guard let first = values.first else {
      throw HDF5Error(function: "read attribute", context: where_("attribute \(name)"), detail: "empty")
    }
    return Int(first)
  }

  /// A floating-point attribute.
  public func doubleAttribute(_ name: String) throws -> Double {
    let values: [Double] = try numericAttribute(name)
    guard let first = values.first else {
      throw HDF5Error(function: "read attribute", context: where_("attribute \(name)"), detail: "empty")
    }
    return first
  }

  /// A numeric attribute as an array of `T`, converted by HDF5.
  public func numericAttribute<T: HDF5Scalar>(_ name: String) throws -> [T] {
    let attribute = try openAttribute(name)
    let type = HDF5Handle.datatype(
      try HDF5Library.check(H5Aget_type(attribute.id), "H5Aget_type", where_("attribute \(name)")))
    let typeClass = H5Tget_class(type.id)
    guard typeClass == H5T_INTEGER || typeClass == H5T_FLOAT || typeClass == H5T_ENUM else {
      throw HDF5Error(
        function: "read attribute", context: where_("attribute \(name)"), detail: "not a number")
    }
    let space = HDF5Handle.dataspace(
      try HDF5Library.check(H5Aget_space(attribute.id), "H5Aget_space", where_("attribute \(name)")))
    let count = Int(H5Sget_simple_extent_npoints(space.id))
    return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      try HDF5Library.check(
        H5Aread(attribute.id, T.hdf5Type.make(), buffer.baseAddress), "H5Aread",
        where_("attribute \(name)"))
      initialized = count
    }
  }

  private func openAttribute(_ name: String) throws -> HDF5Handle {
    guard hasAttribute(name) else {
      throw HDF5Error(function: "open attribute", context: where_("attribute \(name)"), detail: "missing")
    }
    return .attribute(
      try HDF5Library.check(H5Aopen(objectID.raw, name, glyphlab_h5p_default()), "H5Aopen", where_("attribute \(name)"))
    )
  }

  private func setNumericAttribute<T: HDF5Scalar>(_ name: String, _ values: [T], scalar: Bool) throws {
    try removeAttribute(name)
    let context = where_("write attribute \(name)")
    let space =
      scalar
      ? HDF5Handle.dataspace(try HDF5Library.check(H5Screate(H5S_SCALAR), "H5Screate", context))
      : try HDF5Handle.simpleDataspace(shape: [values.count], context: context)
    let attribute = HDF5Handle.attribute(
      try HDF5Library.check(
        H5Acreate2(objectID.raw, name, T.hdf5Type.make(), space.id, glyphlab_h5p_default(), glyphlab_h5p_default()),
        "H5Acreate2", context))
    try values.withUnsafeBufferPointer { buffer in
      _ = try HDF5Library.check(H5Awrite(attribute.id, T.hdf5Type.make(), buffer.baseAddress), "H5Awrite", context)
    }
  }

  private func setStringsAttribute(_ name: String, _ values: [String], scalar: Bool) throws {
    try removeAttribute(name)
    let context = where_("write attribute \(name)")
    let type = try HDF5Handle.utf8StringType(context: context)
    let space =
      scalar
      ? HDF5Handle.dataspace(try HDF5Library.check(H5Screate(H5S_SCALAR), "H5Screate", context))
      : try HDF5Handle.simpleDataspace(shape: [values.count], context: context)
    let attribute = HDF5Handle.attribute(
      try HDF5Library.check(
        H5Acreate2(objectID.raw, name, type.id, space.id, glyphlab_h5p_default(), glyphlab_h5p_default()),
        "H5Acreate2", context))
    try withCStringArray(values) { pointers in
      _ = try HDF5Library.check(H5Awrite(attribute.id, type.id, pointers), "H5Awrite", context)
    }
  }
}

/// Calls `body` with an array of C strings for `strings`, valid for the call only.
func withCStringArray<R>(
  _ strings: [String], _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>) throws -> R
)
  rethrows -> R
{
  let duplicates = strings.map { strdup($0) }
  defer { duplicates.forEach { free($0) } }
  var pointers = duplicates.map { UnsafePointer<CChar>($0) }
  if pointers.isEmpty { pointers = [nil] }
  return try pointers.withUnsafeMutableBufferPointer { try body($0.baseAddress!) }
}
