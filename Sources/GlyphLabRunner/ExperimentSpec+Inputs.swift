import Foundation
import GlyphLabRunLog

extension ExperimentSpec {
  /// The input files the runs read: every distinct non-empty value of the kind's
  /// ``ParameterType/file`` parameters over all runs, sorted.
  public var inputFiles: [String] {
    let keys = kind.schema.definitions.filter { $0.type == .file }.map(\.key)
    guard !keys.isEmpty else { return [] }
    var files = Set<String>()
    for run in runs {
      for key in keys {
        if case .string(let path) = run.parameters.values[key], !path.isEmpty { files.insert(path) }
      }
    }
    return files.sorted()
  }

  /// Fingerprints every input file that exists (a missing one fails its runs, which say so).
  ///
  /// - Complexity: reads each input file once.
  public func fingerprintInputs() throws -> [InputFingerprint] {
    try inputFiles.filter { FileManager.default.fileExists(atPath: $0) }.map { try InputFingerprint.compute(path: $0) }
  }
}
