import Foundation

/// A Python interpreter that can import Pillow and NumPy (`python3-pil` from
/// Scripts/apt-packages.txt), an image decoder and arithmetic independent of GlyphLab's, to
/// check JPEG decoding and page imports against.
public enum PythonPIL {
  /// `/usr/bin/python3` (Debian's, where python3-pil installs) or `python3` on the PATH,
  /// whichever imports PIL and numpy first; nil if neither does.
  public static let interpreter: URL? = {
    for candidate in ["/usr/bin/python3", "/usr/local/bin/python3"] {
      let url = URL(fileURLWithPath: candidate)
      guard FileManager.default.isExecutableFile(atPath: candidate) else { continue }
      if let output = try? ProcessRunner.run(url, ["-c", "import PIL, numpy"]), output.status == 0 { return url }
    }
    return nil
  }()

  /// Whether Pillow is available.
  public static var isAvailable: Bool { interpreter != nil }

  /// Runs `script` with `arguments` and parses its standard output as JSON.
  public static func json(_ script: String, _ arguments: [String]) throws -> Any {
    guard let interpreter else { throw CocoaError(.featureUnsupported) }
    let output = try ProcessRunner.run(interpreter, ["-c", script] + arguments)
    guard output.status == 0 else { throw CocoaError(.fileReadCorruptFile, userInfo: ["stderr": output.stderr]) }
    return try JSONSerialization.jsonObject(with: Data(output.stdout.utf8))
  }
}
