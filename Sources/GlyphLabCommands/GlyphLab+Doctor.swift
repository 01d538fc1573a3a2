import ArgumentParser
import Foundation

extension GlyphLab {
  /// `glyphlab doctor`: checks the libraries, kernels and fonts GlyphLab depends on.
  struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the BLAS core and threads, library versions and the CJK fonts found.")

    @OptionGroup var blas: BLASOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
      blas.apply()
      let report = DoctorReport.collect()
      if json {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
      } else {
        print(report.text())
      }
    }
  }
}
