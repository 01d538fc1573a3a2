import FuzzSupport
import GlyphLabRunner

/// The experiment spec reader with command-line overrides: the input is the YAML text,
/// optionally followed by a line `%%` and one `key=value` override per line.
func fuzzSpecReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  let parts = text.components(separatedBy: "\n%%\n")
  let overrides = parts.count > 1 ? parts[1].split(separator: "\n").map(String.init) : []
  if let spec = try? ExperimentSpec.parse(parts[0], file: "fuzz.yaml", overrides: overrides) {
    _ = spec.specHash
    _ = spec.runs.count
  }
  return 0
}

FuzzInput.runDriver { data, size in
  guard let data else { return 0 }
  return fuzzSpecReader(data, size)
}
