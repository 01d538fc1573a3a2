import ArgumentParser
import GlyphLabRunner

extension GlyphLab {
  /// `glyphlab runs LOG`: lists a run log's runs.
  struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the runs of a run log with their status and key metrics.")

    @Argument(help: "The run log (.h5).")
    var log: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var blas: BLASOptions

    func run() throws {
      blas.apply()
      let reader = try RunLogReader(path: log)
      print(json ? try RunListing.json(reader) : try RunListing.table(reader))
    }
  }
}
