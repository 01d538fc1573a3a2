import CHDF5

/// Process-wide HDF5 set-up and facts.
public enum HDF5Library {
  /// Turns off HDF5's automatic error printing once: GlyphLab reads the error stack itself
  /// and throws ``HDF5Error`` with it.
  static let initialized: Bool = {
    H5open()
    H5Eset_auto2(glyphlab_h5e_default(), nil, nil)
    return true
  }()

  /// The linked HDF5 library's version, e.g. "1.10.8".
  public static var version: String {
    var major: UInt32 = 0
    var minor: UInt32 = 0
    var release: UInt32 = 0
    glyphlab_h5_version(&major, &minor, &release)
    return "\(major).\(minor).\(release)"
  }

  /// Whether the library was built thread-safe.
  public static var isThreadSafe: Bool {
    var flag: hbool_t = false
    H5is_library_threadsafe(&flag)
    return flag
  }

  /// The innermost message on the current HDF5 error stack.
  static func lastErrorMessage() -> String {
    final class Box { var message = "" }
    let box = Box()
    let stack = H5Eget_current_stack()
    guard stack >= 0 else { return "" }
    defer { H5Eclose_stack(stack) }
    H5Ewalk2(
      stack, H5E_WALK_DOWNWARD,
      { _, description, data in
        guard let description, let data else { return 0 }
        let box = Unmanaged<Box>.fromOpaque(data).takeUnretainedValue()
        if box.message.isEmpty, let text = description.pointee.desc {
          box.message = String(cString: text)
        }
        return 0
      }, Unmanaged.passUnretained(box).toOpaque())
    return box.message
  }

  /// Throws ``HDF5Error`` if `status` is negative.
  @discardableResult
  static func check<T: BinaryInteger>(
    _ status: T, _ function: String, _ context: @autoclosure () -> String
  )
    throws -> T
  {
    if status < 0 {
      throw HDF5Error(function: function, context: context(), detail: lastErrorMessage())
    }
    return status
  }
}
