import CHDF5

/// Owns one HDF5 identifier and closes it in `deinit` with the matching close function.
final class HDF5Handle {
  let id: hid_t
  private let close: (hid_t) -> herr_t

  init(_ id: hid_t, close: @escaping (hid_t) -> herr_t) {
    self.id = id
    self.close = close
  }

  deinit { _ = close(id) }

  static func dataspace(_ id: hid_t) -> HDF5Handle { HDF5Handle(id, close: H5Sclose) }
  static func datatype(_ id: hid_t) -> HDF5Handle { HDF5Handle(id, close: H5Tclose) }
  static func propertyList(_ id: hid_t) -> HDF5Handle { HDF5Handle(id, close: H5Pclose) }
  static func attribute(_ id: hid_t) -> HDF5Handle { HDF5Handle(id, close: H5Aclose) }

  /// A simple dataspace of `shape`, with `maxShape` (nil entries are unlimited).
  static func simpleDataspace(
    shape: [Int], maxShape: [Int?]? = nil, context: String
  ) throws
    -> HDF5Handle
  {
    var dims = shape.map { hsize_t($0) }
    let id: hid_t
    if let maxShape {
      var maxDims = maxShape.map { $0.map { hsize_t($0) } ?? glyphlab_h5s_unlimited() }
      id = H5Screate_simple(Int32(dims.count), &dims, &maxDims)
    } else {
      id = H5Screate_simple(Int32(dims.count), &dims, nil)
    }
    return .dataspace(try HDF5Library.check(id, "H5Screate_simple", context))
  }

  /// The variable-length UTF-8 string type.
  static func utf8StringType(context: String) throws -> HDF5Handle {
    let type = try HDF5Library.check(H5Tcopy(glyphlab_h5t_c_s1()), "H5Tcopy", context)
    let handle = HDF5Handle.datatype(type)
    try HDF5Library.check(H5Tset_size(type, glyphlab_h5t_variable()), "H5Tset_size", context)
    try HDF5Library.check(H5Tset_cset(type, H5T_CSET_UTF8), "H5Tset_cset", context)
    return handle
  }
}

/// An opaque reference to an open HDF5 object, so shared behaviour (attributes, children)
/// can live in protocol extensions without a C type in the public API.
public struct HDF5ObjectID {
  let handle: HDF5Handle
  var raw: hid_t { handle.id }
}
