import CHDF5

extension HDF5AttributeHolder {
  /// The stored class of attribute `name` (integer, float, string or other), so a reader
  /// can read attributes whose types it does not know in advance.
  public func attributeClass(_ name: String) throws -> HDF5Dataset.ElementClass {
    guard hasAttribute(name) else {
      throw HDF5Error(function: "open attribute", context: where_("attribute \(name)"), detail: "missing")
    }
    let attribute = HDF5Handle.attribute(
      try HDF5Library.check(
        H5Aopen(objectID.raw, name, glyphlab_h5p_default()), "H5Aopen", where_("attribute \(name)")))
    let type = HDF5Handle.datatype(
      try HDF5Library.check(H5Aget_type(attribute.id), "H5Aget_type", where_("attribute \(name)")))
    switch H5Tget_class(type.id) {
    case H5T_INTEGER, H5T_ENUM: return .integer
    case H5T_FLOAT: return .float
    case H5T_STRING: return .string
    default: return .other
    }
  }

  /// The number of elements of attribute `name` (1 for a scalar).
  public func attributeCount(_ name: String) throws -> Int {
    guard hasAttribute(name) else {
      throw HDF5Error(function: "open attribute", context: where_("attribute \(name)"), detail: "missing")
    }
    let attribute = HDF5Handle.attribute(
      try HDF5Library.check(
        H5Aopen(objectID.raw, name, glyphlab_h5p_default()), "H5Aopen", where_("attribute \(name)")))
    let space = HDF5Handle.dataspace(
      try HDF5Library.check(H5Aget_space(attribute.id), "H5Aget_space", where_("attribute \(name)")))
    return Int(H5Sget_simple_extent_npoints(space.id))
  }
}
