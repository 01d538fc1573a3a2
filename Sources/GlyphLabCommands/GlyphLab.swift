import ArgumentParser
import GlyphLabCore

/// The `glyphlab` command: one subcommand per file, `GlyphLab+Name.swift`.
public struct GlyphLab: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "glyphlab",
    abstract: "An evaluation harness for recognising characters in old books.",
    version: GlyphLabVersion.current,
    subcommands: [
      Doctor.self, Datasets.self, Run.self, Runs.self, Curves.self, Merge.self, Report.self, Export.self, Detect.self,
      Bench.self, Train.self, EvaluateEncoder.self, Features.self, Annotate.self, Calibrate.self,
    ])

  public init() {}
}
