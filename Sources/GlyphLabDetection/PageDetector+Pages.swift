import GlyphLabCore
import GlyphLabDatasets

extension PageDetecting {
  /// The characters of every page of `pages`, page by page, detected on up to
  /// ``BLAS/threadCount`` threads (one page per task, so the result does not depend on the
  /// thread count). Each page is detected on its real size (``PageSet/info``; the padding
  /// beyond is not looked at). Throws the first page's error, naming the page.
  ///
  /// - Complexity: O(pages × page pixels) over the threads.
  public func detect(pages: PageSet) throws -> [DetectedPage] {
    var results = [DetectedPage](repeating: .empty, count: pages.count)
    var errors = [String?](repeating: nil, count: pages.count)
    let pixelsPer = pages.height * pages.width
    results.withUnsafeMutableBufferPointer { out in
      errors.withUnsafeMutableBufferPointer { failures in
        nonisolated(unsafe) let out = out
        nonisolated(unsafe) let failures = failures
        Parallel.forEachChunk(count: pages.count, minimumChunk: 1) { range in
          for i in range {
            do {
              let info = pages.info[i]
              var pixels: [UInt8] = []
              pixels.reserveCapacity(info.height * info.width)
              for y in 0..<info.height {
                let row = i * pixelsPer + y * pages.width
                pixels.append(contentsOf: pages.images[row..<(row + info.width)])
              }
              out[i] = try detect(pixels: pixels, width: info.width, height: info.height)
            } catch {
              failures[i] = "\(error)"
            }
          }
        }
      }
    }
    if let i = errors.firstIndex(where: { $0 != nil }), let message = errors[i] {
      let name = pages.info[i].name.isEmpty ? "\(i)" : "\(i) (\(pages.info[i].name))"
      throw GlyphLabError.invalidArgument(
        operation: "\(Self.self)", name: "page", value: name, reason: message)
    }
    return results
  }
}

extension PageDetector {
  /// The ground-truth boxes of every page, checked: throws naming the page and box when a
  /// box is empty or outside its page's real size, or names a page out of range.
  ///
  /// - Complexity: O(pages + boxes).
  public static func checkedTruthBoxes(_ pages: PageSet) throws -> [[PixelBox]] {
    var boxes = [[PixelBox]](repeating: [], count: pages.count)
    for b in 0..<pages.boxCount {
      let page = Int(pages.boxPage[b])
      guard page >= 0, page < pages.count else {
        throw GlyphLabError.invalidArgument(
          operation: "PageDetector", name: "box \(b)", value: "page \(page)",
          reason: "the file has \(pages.count) pages")
      }
      let box = PixelBox(
        x: Int(pages.boxes[4 * b]), y: Int(pages.boxes[4 * b + 1]), width: Int(pages.boxes[4 * b + 2]),
        height: Int(pages.boxes[4 * b + 3]))
      let info = pages.info[page]
      guard !box.isEmpty, box.x >= 0, box.y >= 0, box.maxX <= info.width, box.maxY <= info.height else {
        let name = info.name.isEmpty ? "\(page)" : "\(page) (\(info.name))"
        throw GlyphLabError.invalidArgument(
          operation: "PageDetector", name: "box \(b)", value: "\(box)",
          reason: "is outside page \(name) of \(info.width)×\(info.height)")
      }
      boxes[page].append(box)
    }
    return boxes
  }

  /// The ground-truth boxes of every page of `pages`, in the file's order (boxes whose page
  /// is out of range are ignored).
  ///
  /// - Complexity: O(pages + boxes).
  public static func truthBoxes(_ pages: PageSet) -> [[PixelBox]] {
    var boxes = [[PixelBox]](repeating: [], count: pages.count)
    for b in 0..<pages.boxCount {
      let page = Int(pages.boxPage[b])
      guard page >= 0, page < pages.count else { continue }
      boxes[page].append(
        PixelBox(
          x: Int(pages.boxes[4 * b]), y: Int(pages.boxes[4 * b + 1]), width: Int(pages.boxes[4 * b + 2]),
          height: Int(pages.boxes[4 * b + 3])))
    }
    return boxes
  }
}
