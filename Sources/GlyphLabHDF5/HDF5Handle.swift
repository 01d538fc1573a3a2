import CHDF5

/// Owns one HDF5 identifier and closes it once: explicitly with ``close()``, or in `deinit`
/// with the matching close function.
final class HDF5Handle {
  let id: hid_t
  private let closeFunction: (hid_t) -> herr_t
  private(set) var isOpen = true

  init(_ id: hid_t, close: @escaping (hid_t) -> herr_t) {
    self.id = id
    self.closeFunction = close
  }

  deinit {
    if isOpen { _ = closeFunction(id) }
  }

  /// Closes the identifier now; later calls do nothing and return 0.
  @discardableResult
  func close() -> herr_t {
    guard isOpen else { return 0 }
    isOpen = false
    return closeFunction(id)
  }

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
    guard shape.allSatisfy({ $0 >= 0 }) else {
      throw HDF5Error(function: "H5Screate_simple", context: context, detail: "negative extent in \(shape)")
    }
    var dims = shape.map { hsize_t($0) }
    let id: hid_t
    if let maxShape {
      guard maxShape.count == shape.count else {
        throw HDF5Error(
          function: "H5Screate_simple", context: context,
          detail: "maxShape has \(maxShape.count) dimensions, shape has \(shape.count)")
      }
      var maxDims = maxShape.map { $0.map { hsize_t(max(0, $0)) } ?? glyphlab_h5s_unlimited() }
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
  /// The identifier, for a C call made right after (which must not print errors itself).
  var raw: hid_t {
    HDF5Library.silenceCurrentThread()
    return handle.id
  }
}
