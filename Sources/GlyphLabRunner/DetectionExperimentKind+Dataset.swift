import Foundation
import GlyphLabCore
import GlyphLabDatasets
import GlyphLabDetection
import GlyphLabPipeline

extension DetectionExperimentKind {
  /// The ``ScanDetector`` parameter grid that `leave_one_book_out` chooses from: every
  /// pair of `inkContrast` and `splitHeight` (the first is the default detector).
  static let tuningGrid: [ScanDetector] = {
    var grid: [ScanDetector] = [ScanDetector()]
    for contrast in [0.2, 0.25, 0.3] {
      for split in [1.3, 1.5, 1.7] {
        var d = ScanDetector()
        d.inkContrast = contrast
        d.splitHeight = split
        if d != ScanDetector() { grid.append(d) }
      }
    }
    return grid
  }()

  /// Detection on a dataset's pages (`pages.source: dataset`), scored per page and per book.
  func runOnDataset(seed: UInt64, recorder: RunRecorder) throws {
    let reader = try GlyphDatasetReader(path: pagesDataset)
    guard reader.pageCounts != nil else {
      throw DatasetError(
        path: pagesDataset, reason: "has no pages (/pages); import some with `glyphlab datasets import pages`")
    }
    let set = try reader.pages()
    let truth = try PageDetector.checkedTruthBoxes(set)
    let books = set.info.map { $0.book.isEmpty ? $0.name : $0.book }
    var bookNames: [String] = []
    for book in books where !bookNames.contains(book) { bookNames.append(book) }
    let start = Date()
    var found: [DetectedPage]
    var centerNetSeconds: Double?
    var thresholds: [Double]?
    var chosen: [ScanDetector?] = Array(repeating: nil, count: set.count)
    if tuning == "leave_one_book_out" && strategy == .scan {
      let candidates = try Self.tuningGrid.map { try $0.detect(pages: set) }
      // Each candidate's evaluation per book, pooled over the book's pages.
      let perBook = try candidates.map { pages in
        try Dictionary(
          grouping: set.count > 0 ? Array(0..<set.count) : [], by: { books[$0] }
        ).mapValues { indices in
          try indices.reduce(DetectionEvaluation()) {
            $0.adding(try DetectionEvaluation(detections: pages[$1].boxes, truth: truth[$1]))
          }
        }
      }
      found = Array(repeating: .empty, count: set.count)
      for book in bookNames {
        // The candidate with the best pooled F1 on the other books (the first on ties).
        var best = 0
        var bestF1 = -1.0
        for (k, scores) in perBook.enumerated() {
          let others = scores.filter { $0.key != book }.sorted { $0.key < $1.key }
            .reduce(DetectionEvaluation()) { $0.adding($1.value) }
          if others.f1 > bestF1 {
            best = k
            bestF1 = others.f1
          }
        }
        for i in 0..<set.count where books[i] == book {
          found[i] = candidates[best][i]
          chosen[i] = Self.tuningGrid[best]
        }
      }
    } else if strategy == .centernet {
      (found, centerNetSeconds, thresholds) = try centerNetDetections(
        set, truth: truth, books: books, seed: seed, recorder: recorder)
    } else {
      var projection = PageDetector()
      projection.binarizer.method = binarization == "otsu" ? .otsu : .sauvola
      found = try strategy == .scan ? ScanDetector().detect(pages: set) : projection.detect(pages: set)
    }
    let seconds = centerNetSeconds ?? Date().timeIntervalSince(start)
    let reading = join == "none" ? nil : try readBooks(set, found: found, truth: truth, books: books, reader: reader)
    var overall = DetectionEvaluation()
    for i in 0..<set.count {
      let page = try DetectionEvaluation(detections: found[i].boxes, truth: truth[i])
      overall = overall.adding(page)
      var row = [
        "precision": page.precision, "recall": page.recall, "f1": page.f1,
        "iou_median": page.quantile(0.5) ?? .nan,
      ]
      if let reading {
        row["end_to_end_accuracy"] = reading.endToEnd[i]
        row["truth_box_accuracy"] = reading.truthBox[i]
      }
      if let thresholds, tuning == "leave_one_book_out" { row["threshold"] = thresholds[i] }
      if let detector = chosen[i] {
        row["ink_contrast"] = detector.inkContrast
        row["split_height"] = detector.splitHeight
      }
      try recorder.appendCurveRow(
        row,
        integers: [
          "page": i, "book": bookNames.firstIndex(of: books[i]) ?? -1, "truth": page.truth,
          "detected": page.detected, "matched": page.matched, "merged": page.merged, "split": page.split,
          "page_width": set.info[i].width, "page_height": set.info[i].height,
        ])
    }
    try recorder.setString("books", bookNames.joined(separator: ","))
    try recorder.setString("page_names", set.info.map(\.name).joined(separator: ","))
    try Self.recordPooled(overall, seconds: seconds, pages: set.count, into: recorder)
    try recorder.setString("iou_histogram", overall.histogram(bins: 10).map(String.init).joined(separator: ","))
    if let reading {
      let total = truth.reduce(0) { $0 + $1.count }
      let weighted = { (values: [Double]) in
        total > 0 ? zip(values, truth).reduce(0) { $0 + $1.0 * Double($1.1.count) } / Double(total) : 1
      }
      try recorder.setScalar("end_to_end_accuracy", weighted(reading.endToEnd))
      try recorder.setScalar("truth_box_accuracy", weighted(reading.truthBox))
    }
  }

  /// Step 5 of the issue: each book's pages read with a recogniser trained on the other
  /// books' glyphs (`/images`, `/labels`, `/groups/book`), so no book is read by a model
  /// that saw it. Per page: the share of true characters read right through the detections
  /// (a missed, merged or split character is wrong), and with the true boxes.
  func readBooks(
    _ set: PageSet, found: [DetectedPage], truth: [[PixelBox]], books: [String], reader: GlyphDatasetReader
  ) throws -> (endToEnd: [Double], truthBox: [Double]) {
    guard try reader.groupNames().contains("book") else {
      throw DatasetError(path: pagesDataset, reason: "recognition.join needs the glyph group /groups/book")
    }
    let glyphBooks = try reader.group("book")
    let labels = try reader.labels()
    let classes = try reader.classes()
    let images = try reader.allImages()
    // The true text of each page's boxes, in the file's order.
    var text = [[String]](repeating: [], count: set.count)
    for b in 0..<set.boxCount {
      let label = Int(set.boxLabel[b])
      text[Int(set.boxPage[b])].append(label >= 0 && label < classes.count ? classes[label] : "")
    }
    var endToEnd = [Double](repeating: 1, count: set.count)
    var truthBox = [Double](repeating: 1, count: set.count)
    for book in Set(books).sorted() {
      let training = glyphBooks.values.indices.filter {
        let v = Int(glyphBooks.values[$0])
        return v < 0 || v >= glyphBooks.names.count || glyphBooks.names[v] != book
      }
      let recognizer = try PageRecognizer(
        images: images.gathering(training), labels: training.map { labels[$0] }, classes: classes)
      let size = recognizer.imageSize
      for i in 0..<set.count where books[i] == book {
        let info = set.info[i]
        var pixels: [UInt8] = []
        for y in 0..<info.height {
          let row = i * set.height * set.width + y * set.width
          pixels.append(contentsOf: set.images[row..<(row + info.width)])
        }
        // Each box fills the glyph image (its longer side), as the importer fits glyphs.
        func crops(_ boxes: [PixelBox]) throws -> [String] {
          let pixels = boxes.flatMap {
            recognizer.crop(
              page: pixels, width: info.width, height: info.height, box: $0,
              pitch: Double(max($0.width, $0.height)))
          }
          return try recognizer.recognise(GlyphImages(count: boxes.count, height: size, width: size, pixels: pixels))
        }
        let read = try crops(found[i].boxes)
        let readTruth = try crops(truth[i])
        let correct = PageReading.matches(truth: truth[i], detections: found[i].boxes).count {
          read[$0.1] == text[i][$0.0]
        }
        let n = truth[i].count
        endToEnd[i] = n > 0 ? Double(correct) / Double(n) : 1
        truthBox[i] = n > 0 ? Double(zip(readTruth, text[i]).count { $0 == $1 }) / Double(n) : 1
      }
    }
    return (endToEnd, truthBox)
  }
}
