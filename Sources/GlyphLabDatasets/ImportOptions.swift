/// Settings every importer shares.
public struct ImportOptions: Sendable {
  /// The root attributes of the dataset written.
  public var metadata: DatasetMetadata
  /// The image size written, or `nil` to keep the source size (which every image must then
  /// share). Images are fitted with ``ImageFitter``.
  public var size: ImageSize?
  /// Whether images smaller than `size` are enlarged rather than only padded. Default `false`.
  public var upscale: Bool
  /// How ink looks in the source, or `nil` for the importer's default (``InkPolarity/light``
  /// for IDX files, ``InkPolarity/dark`` for image folders).
  public var ink: InkPolarity?
  /// Images per HDF5 chunk, and per batch decoded at once. Default 1024.
  public var chunkImages: Int

  /// Options with the defaults above.
  public init(
    metadata: DatasetMetadata, size: ImageSize? = nil, upscale: Bool = false, ink: InkPolarity? = nil,
    chunkImages: Int = 1024
  ) {
    self.metadata = metadata
    self.size = size
    self.upscale = upscale
    self.ink = ink
    self.chunkImages = chunkImages
  }
}
