import CHDF5

extension HDF5Container {
  /// The absolute paths of every dataset under this object, descending into groups, sorted
  /// by path.
  public func datasetPaths() throws -> [String] {
    var paths: [String] = []
    for name in try childNames() {
      let path = childPath(name)
      if isGroup(name) {
        paths += try openGroup(name).datasetPaths()
      } else if isDataset(name) {
        paths.append(path)
      }
    }
    return paths.sorted()
  }

  /// Whether child `name` is a dataset.
  public func isDataset(_ name: String) -> Bool {
    var info = H5O_info_t()
    guard exists(name),
      H5Oget_info_by_name2(objectID.raw, name, &info, UInt32(H5O_INFO_BASIC), glyphlab_h5p_default()) >= 0
    else {
      return false
    }
    return info.type == H5O_TYPE_DATASET
  }
}
