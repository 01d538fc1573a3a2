import CHDF5

extension HDF5File {
  /// Whether the file at `path` exists and has an HDF5 signature (without opening it).
  public static func isHDF5(path: String) -> Bool {
    HDF5Library.silenceCurrentThread()
    return H5Fis_hdf5(path) > 0
  }
}
