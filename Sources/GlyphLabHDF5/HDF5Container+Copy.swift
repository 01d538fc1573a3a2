import CHDF5

extension HDF5Container {
  /// Copies the object `name` (a group with everything in it, or a dataset, attributes
  /// included) to `newName` in `destination`, which may be in another file. Intermediate
  /// groups of `newName` are created; `newName` must not exist.
  ///
  /// - Complexity: O(size of the object).
  public func copyObject(_ name: String, to destination: some HDF5Container, as newName: String) throws {
    let context = where_("copy \(name) to \(newName) in \(destination.fileDescription)")
    guard exists(name) else { throw HDF5Error(function: "H5Ocopy", context: context, detail: "no object \(name)") }
    let lcpl = HDF5Handle.propertyList(
      try HDF5Library.check(H5Pcreate(glyphlab_h5p_link_create()), "H5Pcreate", context))
    try HDF5Library.check(H5Pset_create_intermediate_group(lcpl.id, 1), "H5Pset_create_intermediate_group", context)
    try HDF5Library.check(
      H5Ocopy(objectID.raw, name, destination.objectID.raw, newName, glyphlab_h5p_default(), lcpl.id), "H5Ocopy",
      context)
  }
}
