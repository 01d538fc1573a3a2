import GlyphLabCore
import GlyphLabDatasets

/// The labelled glyphs a training run reads: a dataset file streamed in ranges of images, or
/// images held in memory (fine-tuning on settled glyphs). Only the labels are kept in
/// memory; images are read when a batch needs them.
public final class TrainingSet: @unchecked Sendable {
  /// The file (or a description of the in-memory images) errors name.
  public let source: String
  /// Number of images (labelled or not).
  public let count: Int
  /// Image height and width.
  public let height: Int
  public let width: Int
  /// The class of each image, or −1 (such images are not trained on).
  public let labels: [Int32]
  /// The number of classes (labels lie in `0..<classCount`).
  public let classCount: Int
  /// The images read per range when streaming (the dataset's chunk size).
  public let chunkSize: Int
  private let read: (Range<Int>) throws -> GlyphImages

  /// The images of `dataset`, streamed `chunkSize` images at a time.
  public init(dataset: GlyphDatasetReader, chunkSize: Int = 1024) throws {
    source = dataset.path
    count = dataset.count
    height = dataset.height
    width = dataset.width
    labels = try dataset.labels()
    classCount = try dataset.classes().count
    self.chunkSize = max(1, chunkSize)
    read = { try dataset.images($0) }
  }

  /// Images in memory with their `labels` (−1 = not trained on) among `classCount` classes.
  public init(images: GlyphImages, labels: [Int32], classCount: Int, source: String = "<in-memory images>") throws {
    guard labels.count == images.count else {
      throw EncoderError.invalidArgument(
        name: "labels", value: "\(labels.count) labels", reason: "there are \(images.count) images")
    }
    if let bad = labels.first(where: { $0 < -1 || Int($0) >= classCount }) {
      throw EncoderError.invalidArgument(
        name: "labels", value: "\(bad)", reason: "labels must lie in -1..<\(classCount) (classCount)")
    }
    self.source = source
    count = images.count
    height = images.height
    width = images.width
    self.labels = labels
    self.classCount = classCount
    chunkSize = max(1, images.count)
    read = { images.slice($0) }
  }

  /// `set`'s images read in chunks of `chunkSize` (to exercise chunked shuffling on
  /// images in memory).
  init(chunked set: TrainingSet, chunkSize: Int) throws {
    source = set.source
    count = set.count
    height = set.height
    width = set.width
    labels = set.labels
    classCount = set.classCount
    self.chunkSize = max(1, chunkSize)
    read = set.read
  }

  /// Images `range`.
  public func images(_ range: Range<Int>) throws -> GlyphImages { try read(range) }

  /// The number of chunks.
  public var chunkCount: Int { (count + chunkSize - 1) / chunkSize }

  /// The image rows of chunk `chunk`.
  public func rows(ofChunk chunk: Int) -> Range<Int> {
    (chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize)
  }
}
