import CHDF5

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Process-wide HDF5 set-up and facts.
public enum HDF5Library {
  /// Opens the library once, without HDF5's exit handler.
  ///
  /// HDF5 1.10 keeps the identifier of a file whose `H5Fclose` failed (a full disk, EFBIG or
  /// `ulimit -f` while flushing) but frees the file behind it, and its exit handler
  /// (`H5_term_library`) then closes that identifier again and crashes. GlyphLab closes every
  /// file itself (``HDF5Handle`` never reuses an identifier whose close failed), so the exit
  /// handler has nothing left to do and is turned off: a failed write ends with its error
  /// and a non-zero exit status, not a segfault.
  static let initialized: Bool = {
    H5dont_atexit()
    H5open()
    return true
  }()

  /// The per-thread flag that ``silenceCurrentThread()`` sets.
  private static let silencedKey: pthread_key_t? = {
    var key = pthread_key_t()
    return pthread_key_create(&key, nil) == 0 ? key : nil
  }()

  /// Turns off HDF5's automatic error printing for the calling thread: GlyphLab reads the
  /// error stack itself and throws ``HDF5Error`` with it. A thread-safe HDF5 build (as
  /// Debian's is) keeps this setting per thread, so every thread that calls HDF5 must do it;
  /// ``HDF5ObjectID/raw`` and ``HDF5File`` call it before each use, at the cost of one
  /// thread-local read.
  static func silenceCurrentThread() {
    _ = initialized
    guard let key = silencedKey else {
      H5Eset_auto2(glyphlab_h5e_default(), nil, nil)
      return
    }
    guard pthread_getspecific(key) == nil else { return }
    H5Eset_auto2(glyphlab_h5e_default(), nil, nil)
    pthread_setspecific(key, UnsafeRawPointer(bitPattern: 1))
  }

  /// The linked HDF5 library's version, e.g. "1.10.8".
  public static var version: String {
    var major: UInt32 = 0
    var minor: UInt32 = 0
    var release: UInt32 = 0
    _ = initialized
    glyphlab_h5_version(&major, &minor, &release)
    return "\(major).\(minor).\(release)"
  }

  /// Whether the library was built thread-safe.
  public static var isThreadSafe: Bool {
    var flag: hbool_t = false
    _ = initialized
    H5is_library_threadsafe(&flag)
    return flag
  }

  /// The messages on the current HDF5 error stack, outermost (the API call) first and the
  /// innermost (the actual cause, e.g. "truncated file: eof = 1000") last, joined as
  /// "outer: inner" when they differ.
  static func lastErrorMessage() -> String {
    final class Box { var messages: [String] = [] }
    let box = Box()
    let stack = H5Eget_current_stack()
    guard stack >= 0 else { return "" }
    defer { H5Eclose_stack(stack) }
    H5Ewalk2(
      stack, H5E_WALK_DOWNWARD,
      { _, description, data in
        guard let description, let data else { return 0 }
        let box = Unmanaged<Box>.fromOpaque(data).takeUnretainedValue()
        if let text = description.pointee.desc {
          let message = String(cString: text)
          if !message.isEmpty { box.messages.append(message) }
        }
        return 0
      }, Unmanaged.passUnretained(box).toOpaque())
    guard let outer = box.messages.first, let last = box.messages.last else { return "" }
    let inner = systemErrorSummary(last) ?? last
    return outer == inner ? outer : "\(outer): \(inner)"
  }

  /// HDF5's message for a failed system call ("file write failed: time = …, filename = …,
  /// errno = 27, error message = 'File too large', …", over several lines) shortened to
  /// "file write failed: File too large (errno 27)"; `nil` for other messages.
  static func systemErrorSummary(_ message: String) -> String? {
    guard let start = message.range(of: "error message = '"),
      let end = message[start.upperBound...].firstIndex(of: "'")
    else { return nil }
    let what = message.prefix { $0 != ":" && $0 != "," && $0 != "\n" }
    let reason = message[start.upperBound..<end]
    var errno = ""
    if let range = message.range(of: "errno = ") {
      errno = " (errno \(message[range.upperBound...].prefix { $0.isNumber }))"
    }
    return "\(what): \(reason)\(errno)"
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
