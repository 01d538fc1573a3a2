import Foundation

/// A Foundation file-system error (`NSCocoaErrorDomain`, e.g. from `FileManager`) restated
/// with the path it is about and its cause, instead of the raw
/// "Error Domain=NSCocoaErrorDomain Code=512 "(null)" UserInfo={…}" text.
struct FoundationFileError: Error, CustomStringConvertible {
  /// "PATH: cannot write: not a directory".
  let description: String

  /// The restated error, or nil if `error` is not a Cocoa error.
  init?(_ error: any Error) {
    let error = error as NSError
    guard error.domain == NSCocoaErrorDomain else { return nil }
    let path =
      error.userInfo[NSFilePathErrorKey] as? String ?? (error.userInfo[NSURLErrorKey] as? URL)?.path
      ?? (error.userInfo["NSDestinationFilePath"] as? String) ?? "(a file Foundation did not name)"
    let code = CocoaError.Code(rawValue: error.code)
    let action: String
    switch code {
    case .fileReadNoSuchFile, .fileReadNoPermission, .fileReadCorruptFile, .fileReadUnknown,
      .fileReadInvalidFileName, .fileReadTooLarge, .fileReadUnknownStringEncoding:
      action = "cannot read"
    case .fileNoSuchFile: action = "cannot find"
    default: action = "cannot write"
    }
    var cause: String
    if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
      cause = String(cString: strerror(Int32(underlying.code)))
    } else {
      switch code {
      case .fileNoSuchFile, .fileReadNoSuchFile: cause = "no such file or directory"
      case .fileReadNoPermission, .fileWriteNoPermission: cause = "permission denied"
      case .fileWriteOutOfSpace: cause = "no space left on the device"
      case .fileWriteFileExists: cause = "a file is already there"
      case .fileWriteVolumeReadOnly: cause = "the file system is read-only"
      case .fileReadTooLarge: cause = "the file is too large"
      default: cause = Self.probe(path) ?? "the operation failed"
      }
    }
    description = "\(path): \(action): \(cause) (Foundation error \(error.code))"
  }

  /// Why an operation on `path` could fail, found by looking at it: an ancestor that is a
  /// file, or a missing parent folder; nil if nothing is visibly wrong.
  static func probe(_ path: String) -> String? {
    var ancestor = URL(fileURLWithPath: path).deletingLastPathComponent()
    while ancestor.path != "/" && !ancestor.path.isEmpty {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) {
        return isDirectory.boolValue ? nil : "not a directory (\(ancestor.path) is a file)"
      }
      ancestor = ancestor.deletingLastPathComponent()
    }
    return nil
  }
}
