import GlyphLabCore
import GlyphLabDatasets

extension PageDetector {
  /// The characters of every page of `pages`, page by page, detected on up to
  /// ``BLAS/threadCount`` threads (one page per task, so the result does not depend on the
  /// thread count). Throws the first page's error, naming the page.
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
              let pixels = Array(pages.images[(i * pixelsPer)..<((i + 1) * pixelsPer)])
              out[i] = try detect(pixels: pixels, width: pages.width, height: pages.height)
            } catch {
              failures[i] = "\(error)"
            }
          }
        }
      }
    }
    if let i = errors.firstIndex(where: { $0 != nil }), let message = errors[i] {
      throw GlyphLabError.invalidArgument(
        operation: "PageDetector", name: "page", value: "\(i)", reason: message)
    }
    return results
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
