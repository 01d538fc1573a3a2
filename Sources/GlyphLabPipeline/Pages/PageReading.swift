import GlyphLabCore
import GlyphLabDetection

/// How well a set of pages was read: detection against the true boxes, and the end-to-end
/// character accuracy of the text.
public struct PageReading: Sendable {
  /// Detection precision, recall and F1 at IoU ≥ 0.5, and the IoU distribution.
  public var detection: DetectionEvaluation
  /// True characters read correctly through detection and recognition, over all true
  /// characters: a missed, merged or split character is an error.
  public var endToEndAccuracy: Double
  /// Recognition accuracy on crops of the true boxes (detection taken as perfect): the
  /// part of the error that is not detection's.
  public var truthBoxAccuracy: Double
  /// True characters on the pages.
  public var characters: Int

  /// Reads `pages` (pixels, size, true boxes and their transcriptions) with `detector` and
  /// `recognizer`.
  ///
  /// - Complexity: O(pixels) for detection plus O(characters × training glyphs × d) for
  ///   recognition.
  public static func read(
    pages: [(pixels: [UInt8], width: Int, height: Int, boxes: [PixelBox], text: [String])],
    detector: any PageDetecting, recognizer: PageRecognizer
  ) throws -> PageReading {
    var evaluation = DetectionEvaluation()
    var correct = 0
    var truthCorrect = 0
    var characters = 0
    let size = recognizer.imageSize
    for page in pages {
      let detected = try detector.detect(pixels: page.pixels, width: page.width, height: page.height)
      evaluation = evaluation.adding(try DetectionEvaluation(detections: detected.boxes, truth: page.boxes))
      let pitch = detected.pitch
      let crops = detected.boxes.flatMap {
        recognizer.crop(page: page.pixels, width: page.width, height: page.height, box: $0, pitch: pitch)
      }
      let read = try recognizer.recognise(
        GlyphImages(count: detected.boxes.count, height: size, width: size, pixels: crops))
      let truthCrops = page.boxes.flatMap {
        recognizer.crop(page: page.pixels, width: page.width, height: page.height, box: $0, pitch: pitch)
      }
      let truthRead = try recognizer.recognise(
        GlyphImages(count: page.boxes.count, height: size, width: size, pixels: truthCrops))
      truthCorrect += zip(truthRead, page.text).count { $0 == $1 }
      for (t, d) in matches(truth: page.boxes, detections: detected.boxes) where read[d] == page.text[t] {
        correct += 1
      }
      characters += page.boxes.count
    }
    return PageReading(
      detection: evaluation, endToEndAccuracy: characters > 0 ? Double(correct) / Double(characters) : 1,
      truthBoxAccuracy: characters > 0 ? Double(truthCorrect) / Double(characters) : 1, characters: characters)
  }

  /// One-to-one matches (truth index, detection index) at IoU ≥ 0.5, greedily by IoU, as
  /// ICDAR-style evaluation pairs them.
  public static func matches(truth: [PixelBox], detections: [PixelBox]) -> [(Int, Int)] {
    var pairs: [(Double, Int, Int)] = []
    for (t, a) in truth.enumerated() {
      for (d, b) in detections.enumerated() {
        let iou = a.intersectionOverUnion(b)
        if iou >= 0.5 { pairs.append((iou, t, d)) }
      }
    }
    pairs.sort { $0.0 != $1.0 ? $0.0 > $1.0 : ($0.1, $0.2) < ($1.1, $1.2) }
    var usedTruth = Set<Int>()
    var usedDetection = Set<Int>()
    var out: [(Int, Int)] = []
    for (_, t, d) in pairs where !usedTruth.contains(t) && !usedDetection.contains(d) {
      usedTruth.insert(t)
      usedDetection.insert(d)
      out.append((t, d))
    }
    return out
  }
}
