import CHDF5

/// An open HDF5 group, closed when the last reference goes away.
public final class HDF5Group: HDF5Container {
  public let objectID: HDF5ObjectID
  /// The group's absolute path in its file.
  public let objectPath: String
  public let fileDescription: String

  init(id: hid_t, path: String, file: String) {
    objectID = HDF5ObjectID(handle: HDF5Handle(id, close: H5Gclose))
    objectPath = path
    fileDescription = file
  }
}
