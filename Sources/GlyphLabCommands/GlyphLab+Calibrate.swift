import ArgumentParser
import Foundation
import GlyphLabAnnotation
import GlyphLabFiles

extension GlyphLab {
  /// `glyphlab calibrate LOG… --out costs.yaml`: fits the annotation cost model from the
  /// timed actions of annotation logs.
  struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Fit the annotation cost model (seconds per action, grid base and per glyph) from annotation logs.",
      discussion: """
        Reads the timed actions of `glyphlab annotate` logs and writes a costs file with 95% intervals. A
        pipeline spec takes it with the top-level key `costs: FILE`, so simulations run on measured costs.
        """)

    @Argument(help: "Annotation run logs (HDF5).")
    var logs: [String]

    @Option(name: [.customLong("out"), .customShort("o")], help: "The costs file to write (YAML).")
    var out: String

    @OptionGroup var replacing: OverwriteOptions

    func validate() throws {
      if logs.isEmpty { throw ValidationError("give at least one annotation log") }
    }

    func run() throws {
      let target = OutputTarget(out, kind: .text("a costs file (YAML)"), role: "costs file")
      try replacing.check(OutputPlan(inputs: logs, outputs: [target]))
      let actions = try CostCalibration.actions(fromLogs: logs)
      let calibration = try CostCalibration(actions: actions)
      let source =
        "calibrated from \(logs.count) annotation log\(logs.count == 1 ? "" : "s") (\(logs.joined(separator: ", "))), "
        + "\(calibration.actions) actions"
      try AtomicReplacement.write(Data(calibration.yaml(source: source).utf8), to: out)
      for key in CostCalibration.keys {
        if let e = calibration.estimates[key] {
          print(
            String(
              format: "%-18@ %7.3f s  [%.3f, %.3f]  %d actions", key as NSString, e.seconds, e.low, e.high, e.count))
        } else {
          print(String(format: "%-18@ not measured (standard value)", key as NSString))
        }
      }
      print("wrote \(out)")
    }
  }
}
