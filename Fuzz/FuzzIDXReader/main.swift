import FuzzSupport
import GlyphLabDatasets

/// The IDX importer (gzipped or not): the first input byte is the length of the label
/// file, which follows; the rest is the image file.
func fuzzIDXReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size >= 1 else { return 0 }
  let bytes = UnsafeRawBufferPointer(start: data, count: size)
  let labelCount = min(Int(bytes[0]), size - 1)
  let labels = FuzzInput.file("labels.idx", UnsafeRawBufferPointer(rebasing: bytes[1..<(1 + labelCount)]))
  let images = FuzzInput.file("images.idx", UnsafeRawBufferPointer(rebasing: bytes[(1 + labelCount)...]))
  defer { FuzzInput.clean() }
  let importer = IDXImporter(
    imagesPath: images, labelsPath: labels,
    options: ImportOptions(metadata: DatasetMetadata(name: "fuzz", source: "fuzz", license: "CC0-1.0")))
  _ = try? importer.run(to: FuzzInput.directory + "/out.h5")
  return 0
}

FuzzInput.runDriver { data, size in
  guard let data else { return 0 }
  return fuzzIDXReader(data, size)
}
