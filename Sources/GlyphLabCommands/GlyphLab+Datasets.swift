import ArgumentParser
import Foundation
import GlyphLabDatasets
import GlyphLabFiles

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

    @Option(
      name: [.customLong("out"), .customShort("o")],
      help: "Where to write the contact sheet (default: beside the file, NAME.sheet.png).")
    var out: String?

    @Option(name: .customLong("sheet"), help: .hidden)
    var deprecatedSheet: String?

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

    @OptionGroup var replacing: OverwriteOptions

    @OptionGroup var blas: BLASOptions

    func validate() throws {
      if samples < 1 { throw ValidationError("--samples must be at least 1, got \(samples)") }
      if classRows < 0 || valueRows < 0 { throw ValidationError("--class-rows and --value-rows must be ≥ 0") }
    }

    func run() throws {
      blas.apply()
      let sheet = try Deprecation.value(out, named: "--out", deprecated: deprecatedSheet, named: "--sheet")
      let sheetPath = noSheet ? nil : (sheet ?? DatasetInspector.defaultSheetPath(for: file))
      try replacing.check(
        OutputPlan(
          inputs: [file],
          outputs: sheetPath.map {
            [OutputTarget($0, kind: .png, role: "contact sheet", alternative: "--no-sheet to write none")]
          } ?? []))
      let inspector = DatasetInspector(path: file)
      let summary = try inspector.summary()
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
  @Option(name: [.customLong("out"), .customShort("o")], help: "The dataset file to write.")
  var out: String?

  @Option(name: .customLong("output"), help: .hidden)
  var deprecatedOutput: String?

  @OptionGroup var replacing: OverwriteOptions

  @OptionGroup var blas: BLASOptions

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
    if out == nil && deprecatedOutput == nil { throw ValidationError("give the dataset file to write with --out") }
    if out != nil && deprecatedOutput != nil { throw ValidationError("give --out only (--output is its old spelling)") }
  }

  /// The dataset file to write (`--out`, or the deprecated `--output`).
  var output: String { out ?? deprecatedOutput ?? "" }

  /// Checks the output against `inputs` (default: the source) and the replacing flags, before
  /// anything is read; then builds the options.
  func importOptions(inputs: [String]? = nil, defaultSource: String) throws -> ImportOptions {
    blas.apply()
    if deprecatedOutput != nil { Deprecation.note("--output", use: "--out (-o)") }
    try replacing.check(
      OutputPlan(
        inputs: inputs ?? [defaultSource],
        outputs: [OutputTarget(output, kind: .hdf5(format: DatasetFormat.name), role: "dataset")]))
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
        options: try options.importOptions(inputs: [images, labels], defaultSource: images))
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
      abstract: "Attach an embedding matrix (.npy, or a dataset in an HDF5 file) as /features/NAME.",
      discussion: "--overwrite replaces features of the same name; the source can never be the dataset itself.")

    @Argument(help: "The dataset file to add the features to (changed atomically).")
    var dataset: String

    @Argument(help: "The .npy or HDF5 file holding the matrix, one row per image.")
    var source: String

    @Option(help: "The features' name in the dataset, e.g. clip.")
    var name: String

    @Option(help: "The dataset inside an HDF5 source holding the matrix, e.g. /embeddings.")
    var hdf5Dataset: String?

    @OptionGroup var replacing: OverwriteOptions

    @OptionGroup var blas: BLASOptions

    func run() throws {
      blas.apply()
      let policy = replacing.policy()
      // The dataset is changed in place (a staged copy replaces its real file): it must not be
      // the source, and must be a dataset.
      let target = OutputTarget(dataset, kind: .hdf5(format: DatasetFormat.name), role: "dataset", existing: .update)
      try OutputPlan(inputs: [source], outputs: [target]).check(OutputPolicy(overwrite: true))
      let shape = try EmbeddingImporter(sourcePath: source, hdf5Dataset: hdf5Dataset)
        .attach(to: dataset, name: name, replace: policy.overwrite)
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
