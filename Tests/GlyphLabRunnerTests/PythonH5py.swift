import Foundation
import GlyphLabTestSupport

/// A Python interpreter that can import h5py (`python3-h5py` from Scripts/apt-packages.txt),
/// to prove that tools other than GlyphLab read the run log.
enum PythonH5py {
  /// The first of `python3` on the PATH and `/usr/bin/python3` that imports h5py, or nil.
  static let interpreter: URL? = {
    let candidates = ["/usr/bin/env", "/usr/bin/python3"]
    for candidate in candidates {
      let url = URL(fileURLWithPath: candidate)
      let arguments = (candidate == "/usr/bin/env" ? ["python3"] : []) + ["-c", "import h5py"]
      if let output = try? ProcessRunner.run(url, arguments), output.status == 0 {
        return candidate == "/usr/bin/env" ? resolvedPython3() : url
      }
    }
    return nil
  }()

  static let isAvailable = interpreter != nil

  private static func resolvedPython3() -> URL? {
    guard
      let output = try? ProcessRunner.run(
        URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import sys; print(sys.executable)"])
    else { return nil }
    let path = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    return path.isEmpty ? nil : URL(fileURLWithPath: path)
  }

  /// Reads a run log with h5py and describes it as JSON: the Python type of every root
  /// attribute, and for each run its attributes' types and values and its curves' dtype,
  /// shape limits, chunking and values (numbers as exact hex strings, `float.hex()`).
  static let describe = """
    import h5py, json, math, sys
    import numpy as np
    def kind(v):
        if isinstance(v, np.bool_): return "bool"
        if isinstance(v, str): return "str"
        if isinstance(v, np.integer): return "int"
        if isinstance(v, np.floating): return "float"
        if isinstance(v, np.ndarray): return "array:" + ",".join(sorted({type(x).__name__ for x in v}))
        return type(v).__name__
    def num(v):
        return float(v).hex()
    f = h5py.File(sys.argv[1], "r")
    out = {"root": {k: kind(v) for k, v in f.attrs.items()}, "runs": {}}
    out["spec"] = f.attrs["spec"]
    for rid, g in f["runs"].items():
        run = {"types": {k: kind(v) for k, v in g.attrs.items()}, "numbers": {}, "strings": {}, "curves": {}}
        for k, v in g.attrs.items():
            if isinstance(v, str): run["strings"][k] = v
            elif isinstance(v, (np.integer, np.floating)): run["numbers"][k] = num(v)
        for name, d in g.get("curve", {}).items():
            run["curves"][name] = {"dtype": str(d.dtype), "maxshape": list(d.maxshape),
                                   "chunked": d.chunks is not None, "values": [num(x) for x in d[:]]}
        out["runs"][rid] = run
    print(json.dumps(out))
    """

  /// The parsed output of ``describe`` for the log at `path`.
  static func read(_ path: String) throws -> [String: Any] {
    guard let interpreter else { throw CocoaError(.featureUnsupported) }
    let output = try ProcessRunner.run(interpreter, ["-c", describe, path])
    guard output.status == 0 else { throw CocoaError(.fileReadCorruptFile, userInfo: ["stderr": output.stderr]) }
    let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8))
    return object as? [String: Any] ?? [:]
  }
}
