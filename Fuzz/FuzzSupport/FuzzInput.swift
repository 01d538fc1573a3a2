import CFuzzDriver
import Foundation

/// Helpers for the libFuzzer targets in `Fuzz/` (built by `make fuzz`, never by `make test`).
public enum FuzzInput {
  /// A private scratch directory on tmpfs (or the temporary directory), one per process.
  public static let directory: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let path = (base as NSString).appendingPathComponent("glyphlab-fuzz-\(getpid())")
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }()

  /// Writes `bytes` to `name` in ``directory`` and returns the path.
  public static func file(_ name: String, _ bytes: UnsafeRawBufferPointer) -> String {
    let path = (directory as NSString).appendingPathComponent(name)
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
  }

  /// Removes `name` from ``directory`` (and any staging files the code under test left).
  public static func clean() {
    for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
      try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
    }
  }
}

extension FuzzInput {
  /// Runs libFuzzer with the process's arguments, calling `target` on each input, and exits
  /// with its status.
  public static func runDriver(_ target: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, target))
  }
}
