import ArgumentParser
import Foundation
import GlyphLabDatasets

extension GlyphLab {
  /// `glyphlab datasets`: import real data into GlyphLab's dataset format and inspect it.
  struct Datasets: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Import and inspect GlyphLab datasets (HDF5, format \(DatasetFormat.version); see Datasets/README.md).",
      // Each subcommand is a thin shell over a GlyphLabDatasets type; add new ones here.
      subcommands: [Build.self, Import.self, Inspect.self])
  }
}

extension GlyphLab.Datasets {
  /// `glyphlab datasets import`: one subcommand per source kind.
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Import images or embeddings into a dataset.",
      subcommands: [IDX.self, Folder.self, Pages.self, Features.self])
  }

  /// `glyphlab datasets inspect FILE`.
  struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print a dataset's counts, class long tail, groups and features; write a contact sheet PNG.")

    @Argument(help: "The dataset file.")
    var file: String

    @Option(help: "Where to write the contact sheet (default: beside the file, NAME.sheet.png).")
    var sheet: String?

    @Flag(help: "Do not write a contact sheet.")
    var noSheet = false

    @Option(help: "Samples per contact-sheet row.")
    var samples: Int = 10

    @Option(help: "The most class rows on the sheet.")
    var classRows: Int = 30

    @Option(help: "The most rows per group on the sheet.")
    var valueRows: Int = 12

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
      if samples < 1 { throw ValidationError("--samples must be at least 1, got \(samples)") }
      if classRows < 0 || valueRows < 0 { throw ValidationError("--class-rows and --value-rows must be ≥ 0") }
    }

    func run() throws {
      let inspector = DatasetInspector(path: file)
      let summary = try inspector.summary()
      let sheetPath = noSheet ? nil : (sheet ?? DatasetInspector.defaultSheetPath(for: file))
      let layout = ContactSheet(samplesPerRow: samples, maxClassRows: classRows, maxValueRows: valueRows)
      if json {
        struct Report: Encodable {
          var summary: DatasetSummary
          var warnings: [String]
          var sheet: String?
          var sheetRows: [ContactSheet.Row]
        }
        let rows = try sheetPath.map { try inspector.writeContactSheet(to: $0, sheet: layout) } ?? []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let report = Report(summary: summary, warnings: summary.warnings, sheet: sheetPath, sheetRows: rows)
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
        return
      }
      // The numbers first, so they are there even if the sheet cannot be written.
      print(summary.text())
      guard let sheetPath else { return }
      let rows = try inspector.writeContactSheet(to: sheetPath, sheet: layout)
      print("contact sheet \(sheetPath): \(rows.count) rows of up to \(samples) samples")
      for (number, row) in rows.enumerated() {
        print("  \(String(number + 1).leftPadded(to: 3))  \(row.section): \(row.title) (\(row.count))")
      }
    }
  }
}

/// Options every image import takes: the output and its metadata, size and ink.
struct ImageImportOptions: ParsableArguments {
  @Option(name: [.short, .long], help: "The dataset file to write.")
  var output: String

  @Flag(help: "Replace the output file if it exists.")
  var force = false

  @Option(help: "Dataset name (default: the output file name without extension).")
  var name: String?

  @Option(help: "Where the data came from (default: the input path).")
  var source: String?

  @Option(help: "The data's licence, e.g. MIT or Apache-2.0.")
  var license: String = "unknown"

  @Option(help: "A description.")
  var description: String = ""

  @Option(help: "Image size: N (N×N) or WIDTHxHEIGHT. Default: the source size, if all images share it.")
  var size: ImageSize?

  @Flag(help: "Enlarge images smaller than --size (by default they are only padded).")
  var upscale = false

  @Option(help: "How ink looks in the source: dark (on light paper; inverted) or light (kept).")
  var ink: InkPolarity?

  @Option(help: "Images per HDF5 chunk and per decoding batch.")
  var chunkImages: Int = 1024

  func validate() throws {
    if chunkImages < 1 { throw ValidationError("--chunk-images must be at least 1, got \(chunkImages)") }
  }

  /// Refuses to replace an existing output unless --force, then builds the options.
  func importOptions(defaultSource: String) throws -> ImportOptions {
    if FileManager.default.fileExists(atPath: output) && !force {
      throw DatasetError(path: output, reason: "exists; pass --force to replace it")
    }
    let stem = URL(fileURLWithPath: output).deletingPathExtension().lastPathComponent
    let metadata = DatasetMetadata(
      name: name ?? stem, source: source ?? defaultSource, license: license, description: description)
    return ImportOptions(metadata: metadata, size: size, upscale: upscale, ink: ink, chunkImages: chunkImages)
  }
}

extension GlyphLab.Datasets.Import {
  /// `glyphlab datasets import idx IMAGES LABELS -o OUT`.
  struct IDX: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "idx", abstract: "Import IDX image and label files (MNIST family), gzipped or not.")

    @Argument(help: "The IDX3 image file, e.g. t10k-images-idx3-ubyte.gz.")
    var images: String

    @Argument(help: "The IDX1 label file, e.g. t10k-labels-idx1-ubyte.gz.")
    var labels: String

    @Option(help: "Class names by label, comma-separated (default: 0, 1, … up to the largest label).")
    var classNames: String?

    @OptionGroup var options: ImageImportOptions

    func run() throws {
      let importer = IDXImporter(
        imagesPath: images, labelsPath: labels,
        classNames: classNames.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) },
        options: try options.importOptions(defaultSource: images))
      print(try importer.run(to: options.output).summary)
    }
  }

  /// `glyphlab datasets import folder ROOT -o OUT`.
  struct Folder: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Import a folder tree of PNG images, one folder per class (e.g. alphabet/character/*.png).")

    @Argument(help: "The root folder.")
    var root: String

    @Option(
      help: ArgumentHelp(
        "Group names for the folder levels above each class folder, outermost first, comma-separated; \"\" for none.",
        discussion: "Default: the parent folder becomes group \"alphabet\" when every class folder has one."))
    var groupNames: String?

    @OptionGroup var options: ImageImportOptions

    func run() throws {
      let importer = ImageFolderImporter(
        root: root,
        groupNames: groupNames.map { $0.split(separator: ",").map(String.init) },
        options: try options.importOptions(defaultSource: root))
      print(try importer.run(to: options.output).summary)
    }
  }

  /// `glyphlab datasets import features DATASET SOURCE --name NAME`.
  struct Features: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Attach an embedding matrix (.npy, or a dataset in an HDF5 file) as /features/NAME.")

    @Argument(help: "The dataset file to add the features to (changed atomically).")
    var dataset: String

    @Argument(help: "The .npy or HDF5 file holding the matrix, one row per image.")
    var source: String

    @Option(help: "The features' name in the dataset, e.g. clip.")
    var name: String

    @Option(help: "The dataset inside an HDF5 source holding the matrix, e.g. /embeddings.")
    var hdf5Dataset: String?

    @Flag(help: "Replace existing features of the same name.")
    var replace = false

    func run() throws {
      let shape = try EmbeddingImporter(sourcePath: source, hdf5Dataset: hdf5Dataset)
        .attach(to: dataset, name: name, replace: replace)
      print("added features \(name) (\(shape.rows) x \(shape.columns)) to \(dataset)")
    }
  }
}

extension ImageSize: ExpressibleByArgument {
  public init?(argument: String) { self.init(parsing: argument) }
}

extension InkPolarity: ExpressibleByArgument {}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
