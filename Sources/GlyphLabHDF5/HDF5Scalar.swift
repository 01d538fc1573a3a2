import CHDF5

/// A fixed-size number type HDF5 datasets and attributes can hold.
public protocol HDF5Scalar: Sendable {
  /// The HDF5 native type for memory I/O.
  static var hdf5Type: HDF5NativeType { get }
}

/// An HDF5 native memory type, kept opaque.
public struct HDF5NativeType: Sendable {
  let make: @Sendable () -> hid_t
  /// A short name, e.g. "uint8", "float32".
  public let name: String
}

extension UInt8: HDF5Scalar {
  public static var hdf5Type: HDF5NativeType { HDF5NativeType(make: glyphlab_h5t_native_uint8, name: "uint8") }
}
extension Int8: HDF5Scalar {
  public static var hdf5Type: HDF5NativeType { HDF5NativeType(make: glyphlab_h5t_native_int8, name: "int8") }
}
extension Int16: HDF5Scalar {
  public static var hdf5Type: HDF5NativeType { HDF5NativeType(make: glyphlab_h5t_native_int16, name: "int16") }
}
extension UInt16: HDF5Scalar {
  public static var hdf5Type: HDF5NativeType { HDF5NativeType(make: glyphlab_h5t_native_uint16, name: "uint16") }
}
extension Int32: HDF5Scalar {
  public static var hdf5Type: HDF5NativeType { HDF5NativeType(make: glyphlab_h5t_native_int32, name: "int32") }
}
extension UInt32: HDF5Scalar {
  public static var hdf5Type: HDF5NativeType { HDF5NativeType(make: glyphlab_h5t_native_uint32, name: "uint32") }
}
extension Int64: HDF5Scalar {
  public static var hdf5Type: HDF5NativeType { HDF5NativeType(make: glyphlab_h5t_native_int64, name: "int64") }
}
extension UInt64: HDF5Scalar {
  public static var hdf5Type: HDF5NativeType { HDF5NativeType(make: glyphlab_h5t_native_uint64, name: "uint64") }
}
extension Float: HDF5Scalar {
  public static var hdf5Type: HDF5NativeType { HDF5NativeType(make: glyphlab_h5t_native_float, name: "float32") }
}
extension Bool: HDF5Scalar {
  /// An HDF5 enum (int8: FALSE = 0, TRUE = 1) that h5py reads as `bool`; HDF5 converts it
  /// to any integer or float type on reading.
  public static var hdf5Type: HDF5NativeType { HDF5NativeType(make: glyphlab_h5t_bool, name: "bool") }
}
extension Double: HDF5Scalar {
  public static var hdf5Type: HDF5NativeType { HDF5NativeType(make: glyphlab_h5t_native_double, name: "float64") }
}
