import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The real path of a file: absolute, with every symbolic link resolved.
///
/// Every command resolves the paths it reads and writes with this before it compares them,
/// stages a temporary file, takes a lock or renames anything into place, so a link is never
/// copied as a link or replaced by a file: the file it points at is replaced, and the link
/// stays.
public enum RealPath {
  /// How many links one resolution follows before giving up (as Linux's `MAXSYMLINKS`).
  static let maximumLinks = 40

  /// The real path of `path` (relative paths are taken from the working directory).
  ///
  /// An existing file or directory resolves as `realpath(3)` does. A path that does not
  /// exist resolves its deepest existing ancestor and appends the rest, and a dangling link
  /// resolves to the path it points at, so the real path is where a new file would be
  /// created.
  public static func resolve(_ path: String) -> String {
    resolve(absolute(path), links: 0)
  }

  /// `path` made absolute against the working directory, without resolving links.
  public static func absolute(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    let directory = FileManager.default.currentDirectoryPath
    return directory.hasSuffix("/") ? directory + path : directory + "/" + path
  }

  private static func resolve(_ path: String, links: Int) -> String {
    if let real = realpath(path, nil) {
      defer { free(real) }
      return String(cString: real)
    }
    var status = stat()
    if links < maximumLinks, lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK,
      let target = linkTarget(path)
    {
      let next = target.hasPrefix("/") ? target : parent(of: path) + "/" + target
      return resolve(next, links: links + 1)
    }
    let directory = parent(of: path)
    let name = (path as NSString).lastPathComponent
    guard directory != path, !name.isEmpty, name != "/" else { return path }
    let resolvedDirectory = resolve(directory, links: links)
    switch name {
    case ".": return resolvedDirectory
    case "..": return parent(of: resolvedDirectory)
    default: return resolvedDirectory == "/" ? "/" + name : resolvedDirectory + "/" + name
    }
  }

  private static func parent(of path: String) -> String {
    let parent = (path as NSString).deletingLastPathComponent
    return parent.isEmpty ? "/" : parent
  }

  private static func linkTarget(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink(path, &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
