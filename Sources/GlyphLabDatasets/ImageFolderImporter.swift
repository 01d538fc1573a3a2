import Foundation
import GlyphLabCore
import GlyphLabImaging

/// Imports a folder tree of PNG images, one folder per class, into a dataset.
///
/// Every folder that directly holds PNG files is a class, named by its path relative to
/// the root ("Greek/character01", or deeper). The folders above the class folders can become
/// groups: with `groupNames` ["alphabet"], the folder just above each class folder ("Greek")
/// is its `alphabet`; with ["split", "alphabet"], the two folders above. Group values are
/// folder names, so "Greek" under two different parents is one value.
///
/// Order is deterministic: classes sorted by path, images by file name within a class.
/// Hidden files and folders (starting with ".") are ignored, and so are files that are not
/// PNGs (counted in ``ImportResult/skippedFiles``). PNGs are decoded in parallel batches of
/// ``ImportOptions/chunkImages``; any unreadable file fails the import with its name, and
/// no output file is left.
public struct ImageFolderImporter: Sendable {
  /// The root folder.
  public var root: String
  /// Names for the folder levels above each class folder, outermost first (the last one is
  /// the class folder's parent). `nil` (the default) makes the parent folder a group called
  /// "alphabet" when every class folder has one, and no group otherwise; `[]` means none.
  public var groupNames: [String]?
  /// Size, ink (default ``InkPolarity/dark``: black ink on white is inverted) and metadata.
  public var options: ImportOptions

  /// An importer of the tree under `root`.
  public init(root: String, groupNames: [String]? = nil, options: ImportOptions) {
    self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    self.groupNames = groupNames
    self.options = options
  }

  /// One image file found.
  struct Entry {
    /// Path components relative to the root; the last is the file name.
    var components: [String]
    var classPath: [String] { Array(components.dropLast()) }
  }

  /// The PNG files under the root in import order, and the number of other files skipped.
  func listFiles() throws -> (entries: [Entry], skipped: Int) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw DatasetError(path: root, reason: "no such folder")
    }
    guard let walker = FileManager.default.enumerator(atPath: root) else {
      throw DatasetError(path: root, reason: "cannot list the folder")
    }
    var entries: [Entry] = []
    var skipped = 0
    while let relative = walker.nextObject() as? String {
      let components = relative.split(separator: "/").map(String.init)
      guard let name = components.last else { continue }
      if name.hasPrefix(".") {
        if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { walker.skipDescendants() }
        continue
      }
      guard (walker.fileAttributes?[.type] as? FileAttributeType) != .typeDirectory else { continue }
      if (name as NSString).pathExtension.lowercased() == "png" {
        entries.append(Entry(components: components))
      } else {
        skipped += 1
      }
    }
    entries.sort { $0.components.lexicographicallyPrecedes($1.components) }
    return (entries, skipped)
  }

  /// Writes the dataset to `destination` (atomically) and says what was written.
  ///
  /// - Complexity: O(total pixels); decoding and fitting run in parallel.
  @discardableResult
  public func run(to destination: String) throws -> ImportResult {
    let (entries, skipped) = try listFiles()
    guard !entries.isEmpty else { throw DatasetError(path: root, reason: "holds no PNG images") }
    if let loose = entries.first(where: { $0.components.count == 1 }) {
      throw DatasetError(
        path: root, reason: "image \(loose.components[0]) is not in a class folder; put each class in its own folder")
    }
    // Class folders in order; a class folder must not hold another.
    var classPaths: [[String]] = []
    for entry in entries where classPaths.last != entry.classPath { classPaths.append(entry.classPath) }
    let classSet = Set(classPaths)
    for path in classPaths {
      for depth in 1..<path.count where classSet.contains(Array(path.prefix(depth))) {
        throw DatasetError(
          path: root,
          reason:
            "folder \(path.prefix(depth).joined(separator: "/")) holds both images and the class folder \(path.joined(separator: "/"))"
        )
      }
    }
    let classIndex = Dictionary(uniqueKeysWithValues: classPaths.enumerated().map { ($1, Int32($0)) })
    let groups = try groupLevels(classPaths)

    let size: ImageSize
    if let chosen = options.size {
      size = chosen
    } else {
      size = try commonSize(entries)
    }
    let fitter = ImageFitter(size: size, upscale: options.upscale)
    let invert = (options.ink ?? .dark).needsInversion
    let writer = try GlyphDatasetWriter(
      path: destination, metadata: options.metadata, height: size.height, width: size.width,
      chunkImages: options.chunkImages)
    for group in groups { try writer.declareGroup(group.name, values: group.values) }

    var fitted = 0
    var start = 0
    while start < entries.count {
      let batch = Array(entries[start..<min(entries.count, start + writer.chunkImages)])
      let decoded = try decode(batch, fitter: fitter, invert: invert)
      fitted += decoded.fitted
      var groupColumns: [String: [Int32]] = [:]
      for group in groups {
        groupColumns[group.name] = batch.map { group.index[group.folder(of: $0.classPath)] ?? -1 }
      }
      try writer.append(
        images: decoded.pixels, labels: batch.map { classIndex[$0.classPath] ?? -1 }, groups: groupColumns)
      start += batch.count
    }
    try writer.setClasses(classPaths.map { $0.joined(separator: "/") })
    try writer.finish()
    return ImportResult(
      path: destination, count: entries.count, height: size.height, width: size.width, classes: classPaths.count,
      groups: Dictionary(uniqueKeysWithValues: groups.map { ($0.name, $0.values.count) }), fitted: fitted,
      skippedFiles: skipped)
  }

  /// A group: its name, which folder above the class folder it reads, its sorted value
  /// names and their indices.
  struct GroupLevel {
    var name: String
    /// 1 = the class folder's parent, 2 = the grandparent, …
    var levelsUp: Int
    var values: [String]
    var index: [String: Int32]

    /// The folder name this group reads from `classPath`.
    func folder(of classPath: [String]) -> String { classPath[classPath.count - 1 - levelsUp] }
  }

  /// The groups for `classPaths`: each name takes the folder at its level above the class
  /// folders, counted from the class folder up.
  func groupLevels(_ classPaths: [[String]]) throws -> [GroupLevel] {
    let shallowest = classPaths.map(\.count).min() ?? 0
    let names: [String]
    if let groupNames {
      names = groupNames
      guard Set(names).count == names.count else {
        throw DatasetError(path: root, reason: "group names \(names) repeat a name")
      }
      if names.count >= shallowest, !names.isEmpty {
        let example = classPaths.first { $0.count == shallowest }?.joined(separator: "/") ?? ""
        throw DatasetError(
          path: root,
          reason:
            "class folder \(example) has \(shallowest - 1) folder(s) above it, fewer than the \(names.count) group name(s) \(names)"
        )
      }
    } else {
      names = shallowest >= 2 ? ["alphabet"] : []
    }
    // Class paths can differ in depth, so levels count up from each class folder.
    return try names.enumerated().map { offset, name in
      try DatasetLayout.validateName(name, kind: "group", path: root)
      var group = GroupLevel(name: name, levelsUp: names.count - offset, values: [], index: [:])
      group.values = Set(classPaths.map { group.folder(of: $0) }).sorted()
      group.index = Dictionary(uniqueKeysWithValues: group.values.enumerated().map { ($1, Int32($0)) })
      return group
    }
  }

  /// The size every image shares, read from the PNG headers; throws if they differ.
  func commonSize(_ entries: [Entry]) throws -> ImageSize {
    var sizes = [(width: Int, height: Int)?](repeating: nil, count: entries.count)
    var failures = [DatasetError?](repeating: nil, count: entries.count)
    sizes.withUnsafeMutableBufferPointer { sizes in
      failures.withUnsafeMutableBufferPointer { failures in
        Parallel.forEachChunk(count: entries.count, minimumChunk: 256) { range in
          for i in range {
            do {
              sizes[i] = try Self.pngSize(path: path(of: entries[i]))
            } catch {
              failures[i] = error as? DatasetError ?? DatasetError(path: path(of: entries[i]), reason: "\(error)")
            }
          }
        }
      }
    }
    if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
    let all = sizes.compactMap { $0 }
    guard let first = all.first else { throw DatasetError(path: root, reason: "holds no PNG images") }
    if let other = all.firstIndex(where: { $0 != first }) {
      throw DatasetError(
        path: root,
        reason:
          "images differ in size (\(path(of: entries[0])) is \(first.width)x\(first.height), \(path(of: entries[other])) is \(all[other].width)x\(all[other].height)); choose one with a size option"
      )
    }
    return try ImageSize(height: first.height, width: first.width)
  }

  /// The width and height in a PNG file's IHDR chunk (the first 24 bytes).
  static func pngSize(path: String) throws -> (width: Int, height: Int) {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw DatasetError(path: path, reason: "cannot open")
    }
    defer { try? handle.close() }
    let header = [UInt8]((try? handle.read(upToCount: 24)) ?? Data())
    let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    guard header.count == 24, Array(header[0..<8]) == signature, Array(header[12..<16]) == Array("IHDR".utf8) else {
      throw DatasetError(path: path, reason: "not a PNG file (no PNG signature and IHDR header)")
    }
    let word = { (at: Int) in header[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
    let (width, height) = (word(16), word(20))
    // A glyph image is one chunk of the dataset at most; a header claiming more is wrong
    // (or not a glyph), and the fault is this file's, not the output's.
    guard width > 0, height > 0, width <= 1 << 20, height <= 1 << 20,
      width * height <= DatasetLayout.maximumChunkBytes
    else {
      throw DatasetError(
        path: path,
        reason: "the PNG header claims \(width)×\(height) pixels; a glyph image can have at most "
          + "\(DatasetLayout.maximumChunkBytes >> 20) Mpixel (e.g. 4096×4096)")
    }
    return (width, height)
  }

  /// Decodes, inverts and fits `batch` in parallel; the first failing file (in order) is
  /// the error.
  func decode(_ batch: [Entry], fitter: ImageFitter, invert: Bool) throws -> (pixels: [UInt8], fitted: Int) {
    let imageBytes = fitter.size.height * fitter.size.width
    var pixels = [UInt8](repeating: 0, count: batch.count * imageBytes)
    var failures = [DatasetError?](repeating: nil, count: batch.count)
    var resized = [Bool](repeating: false, count: batch.count)
    pixels.withUnsafeMutableBufferPointer { output in
      failures.withUnsafeMutableBufferPointer { failures in
        resized.withUnsafeMutableBufferPointer { resized in
          Parallel.forEachChunk(count: batch.count, minimumChunk: 16) { range in
            for i in range {
              let file = path(of: batch[i])
              do {
                let image = try PNGCodec.readGray(path: file)
                resized[i] = image.height != fitter.size.height || image.width != fitter.size.width
                image.pixels.withUnsafeBufferPointer { input in
                  fitter.fit(
                    input, height: image.height, width: image.width, invert: invert,
                    into: UnsafeMutableBufferPointer(rebasing: output[(i * imageBytes)..<((i + 1) * imageBytes)]))
                }
              } catch let error as ImageError {
                failures[i] = DatasetError(path: file, reason: error.reason)
              } catch {
                failures[i] = DatasetError(path: file, reason: "\(error)")
              }
            }
          }
        }
      }
    }
    if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
    return (pixels, resized.filter { $0 }.count)
  }

  func path(of entry: Entry) -> String {
    ([root] + entry.components).joined(separator: "/")
  }
}
