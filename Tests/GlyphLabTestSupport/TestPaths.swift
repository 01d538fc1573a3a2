import Foundation

/// Where tests find the repository, the read-only shared data beside it, and scratch space.
public enum TestPaths {
  /// The repository root (found from this file's location, not the working directory).
  public static let repository: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `../shared` beside the repository.
  public static let shared: URL = repository.deletingLastPathComponent()
    .appendingPathComponent("shared")

  /// A file under `../shared`.
  public static func shared(_ relative: String) -> URL { shared.appendingPathComponent(relative) }

  /// A fresh, empty temporary directory for one test.
  public static func temporaryDirectory(_ label: String = "test") throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("glyphlab-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// The directory holding the built products (where `glyphlab` is), found from the running
  /// test binary.
  public static var productsDirectory: URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  }

  /// The `glyphlab` executable built beside the tests, if it was built.
  public static var glyphlabExecutable: URL? {
    var candidates = [productsDirectory.appendingPathComponent("glyphlab")]
    candidates.append(repository.appendingPathComponent(".build/debug/glyphlab"))
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }
}
