import ArgumentParser
import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabDetection
import GlyphLabFiles
import GlyphLabHDF5
import GlyphLabImaging

extension GlyphLab {
  /// `glyphlab detect PAGES.h5`: finds the characters on a dataset's pages.
  ///
  /// Prints one JSON line: the counts, the time, and — when the file has ground-truth boxes —
  /// precision, recall and F1 at IoU ≥ 0.5 (ICDAR-style one-to-one matching) with the
  /// distribution of each truth box's best IoU.
  ///
  /// `--out` writes the detections, in reading order (columns right to left, each top to
  /// bottom), page by page:
  /// - `.h5`: `/boxes` int32 [M, 4] (x, y, w, h), `/box_page` int32 [M], `/box_column`
  ///   int32 [M] (column index on its page, 0 = rightmost); root attributes `format` =
  ///   "glyphlab-detections", `version` = 1, `source` (the pages file).
  /// - `.json`: `{"format": "glyphlab-detections", "version": 1, "source": …, "pages":
  ///   [{"page": i, "width": …, "height": …, "pitch": …, "boxes": [[x, y, w, h], …],
  ///   "columns": [c, …]}, …]}`.
  struct Detect: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Detect single characters on a dataset's page images (vertical text, right to left).",
      discussion: """
        Prints one JSON line (precision, recall, F1 at IoU >= 0.5 when the file has ground-truth boxes). \
        --out writes the boxes in reading order: .h5 (/boxes int32 [M,4] x,y,w,h; /box_page, /box_column \
        int32 [M]) or .json. --overlay draws page --page: detections red, ground truth green, erased rules blue.
        """)

    @OptionGroup var blas: BLASOptions

    @Argument(help: "A GlyphLab dataset file with pages.")
    var pages: String

    @Option(name: [.customLong("out"), .customShort("o")], help: "Write the detected boxes here (.h5 or .json).")
    var out: String?

    @OptionGroup var replacing: OverwriteOptions

    @Option(help: "Write an overlay PNG of one page here.")
    var overlay: String?

    @Option(help: "The page drawn by --overlay.")
    var page = 0

    @Option(help: "The detector: projection (rendered pages) or scan (real scanned pages).")
    var strategy: DetectionStrategy = .projection

    @Option(help: "Binarization of the characters (rules are always found with Sauvola).")
    var binarization: BinarizationMethod = .sauvola

    @Option(help: "Characters' Sauvola window, pixels (default 31).")
    var window: Int?

    @Option(help: "Characters' Sauvola k (default 0.1).")
    var k: Double?

    @Option(help: "Radius of the box mean taken before thresholding characters (default 1; 0 = raw pixels).")
    var smoothing: Int?

    @Option(help: "Share of its Sauvola threshold a raw pixel must reach (default 0.5).")
    var edgeGuard: Double?

    @Flag(help: "Also print one JSON line per page (before the summary).")
    var perPage = false

    @Option(help: "The least IoU of a match.")
    var iou = 0.5

    func validate() throws {
      if page < 0 { throw ValidationError("--page must be at least 0, got \(page)") }
      if let window, window < 3 { throw ValidationError("--window must be at least 3, got \(window)") }
      if let k, !(k >= 0 && k < 1) { throw ValidationError("--k must be in [0, 1), got \(k)") }
      if let smoothing, smoothing < 0 { throw ValidationError("--smoothing must be at least 0, got \(smoothing)") }
      if !(iou > 0 && iou <= 1) { throw ValidationError("--iou must be in (0, 1], got \(iou)") }
      if let out, !(out.hasSuffix(".h5") || out.hasSuffix(".json")) {
        throw ValidationError("--out must end in .h5 or .json, got \(out)")
      }
    }

    /// Pages a file may hold in memory at once (all of them are read).
    static let maximumPixels = 4 << 30

    /// What the command reads (the pages) and writes (boxes, overlay).
    var outputPlan: OutputPlan {
      var outputs: [OutputTarget] = []
      if let out {
        let kind: OutputKind = out.hasSuffix(".json") ? .text("JSON") : .hdf5(format: Self.detectionsFormat)
        outputs.append(OutputTarget(out, kind: kind, role: "detections"))
      }
      if let overlay { outputs.append(OutputTarget(overlay, kind: .png, role: "overlay")) }
      return OutputPlan(inputs: [pages], outputs: outputs)
    }

    /// The root `format` attribute (and JSON `format`) of the detections written.
    static let detectionsFormat = "glyphlab-detections"

    func run() throws {
      blas.apply()
      try replacing.check(outputPlan)
      let reader = try GlyphDatasetReader(path: pages)
      guard let shape = reader.pageCounts else {
        throw DatasetError(
          path: pages, reason: "has no pages (build one with `glyphlab datasets build ancient-glyphs --pages N`)")
      }
      let total = shape.pages.multipliedReportingOverflow(by: shape.height)
      let pixels = total.partialValue.multipliedReportingOverflow(by: shape.width)
      guard !total.overflow, !pixels.overflow, pixels.partialValue <= Self.maximumPixels else {
        throw DatasetError(
          path: pages,
          reason:
            "\(shape.pages) pages of \(shape.width)×\(shape.height) exceed the \(Self.maximumPixels >> 30) Gpixel limit"
        )
      }
      if overlay != nil && page >= shape.pages {
        throw DatasetError(path: pages, reason: "--page \(page) is out of range: the file has \(shape.pages) pages")
      }
      guard strategy != .centernet else {
        throw ValidationError(
          "--strategy centernet needs a trained network: run it through the `detection` experiment kind (detector.strategy: centernet), which trains it"
        )
      }
      let set = try reader.pages()
      var detector = PageDetector()
      detector.binarizer.method = binarization
      if let window { detector.binarizer.window = window }
      if let k { detector.binarizer.k = k }
      if let smoothing { detector.binarizer.smoothing = smoothing }
      if let edgeGuard { detector.binarizer.edgeGuard = edgeGuard }
      let start = Date()
      let cpuStart = Self.processorSeconds()
      let found = try strategy == .scan ? ScanDetector().detect(pages: set) : detector.detect(pages: set)
      let seconds = Date().timeIntervalSince(start)
      let cpuSeconds = Self.processorSeconds() - cpuStart
      let truth = try PageDetector.checkedTruthBoxes(set)
      var evaluation = DetectionEvaluation(iouThreshold: iou)
      for i in 0..<set.count {
        let one = try DetectionEvaluation(detections: found[i].boxes, truth: truth[i], iouThreshold: iou)
        evaluation = evaluation.adding(one)
        if perPage {
          print(
            "{\"page\":\(i),\"detected\":\(one.detected),\"truth\":\(one.truth),\"matched\":\(one.matched),"
              + "\"f1\":\(Self.number(one.f1)),\"columns\":\(found[i].columns.count),\"pitch\":\(Self.number(found[i].pitch))}"
          )
        }
      }
      if let out {
        if out.hasSuffix(".json") {
          try writeJSON(found, set: set, to: out)
        } else {
          try writeHDF5(found, to: out)
        }
      }
      if let overlay, set.count > 0 {
        let bytes = try OverlayRenderer().png(
          pixels: Array(set.page(page)), width: set.width, height: set.height, detections: found[page].boxes,
          truth: truth[page], rules: found[page].rules)
        try AtomicReplacement.write(Data(bytes), to: overlay)
      }
      print(
        summary(
          found, evaluation: evaluation, hasTruth: set.boxCount > 0, seconds: seconds, cpuSeconds: cpuSeconds,
          pageCount: set.count))
    }

    private func summary(
      _ found: [DetectedPage], evaluation e: DetectionEvaluation, hasTruth: Bool, seconds: Double, cpuSeconds: Double,
      pageCount: Int
    ) -> String {
      var fields: [(String, String)] = [
        ("command", "\"detect\""), ("pages", "\(pageCount)"), ("detected", "\(e.detected)"),
        ("strategy", "\"\(strategy.rawValue)\""), ("binarization", "\"\(binarization.rawValue)\""),
        ("seconds", Self.number(seconds)),
        ("ms_per_page", Self.number(pageCount > 0 ? 1000 * seconds / Double(pageCount) : 0)),
        ("cpu_ms_per_page", Self.number(pageCount > 0 ? 1000 * cpuSeconds / Double(pageCount) : 0)),
        ("threads", "\(BLAS.threadCount)"),
      ]
      if hasTruth {
        fields += [
          ("truth", "\(e.truth)"), ("matched", "\(e.matched)"), ("iou_threshold", Self.number(e.iouThreshold)),
          ("precision", Self.number(e.precision)), ("recall", Self.number(e.recall)), ("f1", Self.number(e.f1)),
        ]
        for (name, q) in [("iou_p05", 0.05), ("iou_p25", 0.25), ("iou_median", 0.5), ("iou_p75", 0.75)] {
          fields.append((name, e.quantile(q).map(Self.number) ?? "null"))
        }
        fields.append(("iou_histogram", "[" + e.histogram(bins: 10).map(String.init).joined(separator: ",") + "]"))
      }
      if let out { fields.append(("out", Self.quoted(out))) }
      if let overlay { fields.append(("overlay", Self.quoted(overlay))) }
      return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    private func writeJSON(_ found: [DetectedPage], set: PageSet, to path: String) throws {
      var text = "{\"format\":\"glyphlab-detections\",\"version\":1,\"source\":\(Self.quoted(pages)),\"pages\":["
      for (i, page) in found.enumerated() {
        if i > 0 { text += "," }
        let boxes = page.boxes.map { "[\($0.x),\($0.y),\($0.width),\($0.height)]" }.joined(separator: ",")
        let columns = page.boxColumns.map(String.init).joined(separator: ",")
        text +=
          "\n{\"page\":\(i),\"width\":\(set.width),\"height\":\(set.height),\"pitch\":\(Self.number(page.pitch)),"
          + "\"boxes\":[\(boxes)],\"columns\":[\(columns)]}"
      }
      text += "]}\n"
      try AtomicReplacement.write(Data(text.utf8), to: path)
    }

    private func writeHDF5(_ found: [DetectedPage], to path: String) throws {
      var boxes: [Int32] = []
      var boxPage: [Int32] = []
      var boxColumn: [Int32] = []
      for (i, page) in found.enumerated() {
        for (box, column) in zip(page.boxes, page.boxColumns) {
          boxes += [Int32(box.x), Int32(box.y), Int32(box.width), Int32(box.height)]
          boxPage.append(Int32(i))
          boxColumn.append(Int32(column))
        }
      }
      let source = pages
      try HDF5File.writeAtomically(to: RealPath.resolve(path)) { file in
        try file.setAttribute("format", Self.detectionsFormat)
        try file.setAttribute("version", 1)
        try file.setAttribute("source", source)
        try file.createDataset("boxes", of: Int32.self, shape: [boxPage.count, 4]).write(boxes)
        try file.createDataset("box_page", of: Int32.self, shape: [boxPage.count]).write(boxPage)
        try file.createDataset("box_column", of: Int32.self, shape: [boxPage.count]).write(boxColumn)
      }
    }

    /// User plus system processor time of the process (all threads), in seconds.
    private static func processorSeconds() -> Double {
      var usage = rusage()
      getrusage(RUSAGE_SELF.rawValue, &usage)
      let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
      let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
      return user + system
    }

    private static func number(_ x: Double) -> String { x.isFinite ? String(format: "%.6g", x) : "null" }

    private static func quoted(_ s: String) -> String {
      var out = "\""
      for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
        default: out.unicodeScalars.append(scalar)
        }
      }
      return out + "\""
    }
  }
}

extension BinarizationMethod: ExpressibleByArgument {}

extension DetectionStrategy: ExpressibleByArgument {}
