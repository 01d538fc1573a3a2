import GlyphLabFiles

extension RunLogMerger {
  /// What a merge reads (the input logs) and writes (the merged log).
  public static func outputPlan(inputs: [String], output: String) -> OutputPlan {
    OutputPlan(
      inputs: inputs, outputs: [OutputTarget(output, kind: .hdf5(format: RunLogLayout.format), role: "merged log")])
  }
}
