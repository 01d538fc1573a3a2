import CHDF5

/// An HDF5 object that holds groups and datasets: a file (its root group) or a group.
public protocol HDF5Container: HDF5AttributeHolder {}

extension HDF5Container {
  func childPath(_ name: String) -> String {
    name.hasPrefix("/") ? name : (objectPath == "/" ? "/" + name : objectPath + "/" + name)
  }

  /// Whether a link `name` (a relative path such as "groups/font") exists, checking each
  /// intermediate group in turn.
  /// An absolute name ("/groups/font") is looked up from the file's root.
  public func exists(_ name: String) -> Bool {
    var prefix = name.hasPrefix("/") ? "/" : ""
    var found = false
    for part in name.split(separator: "/") {
      prefix += (prefix.isEmpty || prefix == "/" ? "" : "/") + part
      guard H5Lexists(objectID.raw, prefix, glyphlab_h5p_default()) > 0 else { return false }
      found = true
    }
    return found
  }

  /// The names of the direct children, sorted.
  public func childNames() throws -> [String] {
    let box = NameCollector()
    var index: hsize_t = 0
    try HDF5Library.check(
      H5Literate(
        objectID.raw, H5_INDEX_NAME, H5_ITER_INC, &index,
        { _, name, _, data in
          guard let name, let data else { return 0 }
          Unmanaged<NameCollector>.fromOpaque(data).takeUnretainedValue().names.append(String(cString: name))
          return 0
        }, Unmanaged.passUnretained(box).toOpaque()), "H5Literate", where_("list children"))
    return box.names.sorted()
  }

  /// Whether child `name` is a group.
  public func isGroup(_ name: String) -> Bool {
    var info = H5O_info_t()
    guard exists(name),
      H5Oget_info_by_name2(objectID.raw, name, &info, UInt32(H5O_INFO_BASIC), glyphlab_h5p_default()) >= 0
    else {
      return false
    }
    return info.type == H5O_TYPE_GROUP
  }

  /// Creates group `name`, making intermediate groups as needed.
  @discardableResult
  public func createGroup(_ name: String) throws -> HDF5Group {
    let context = where_("create group \(name)")
    let lcpl = HDF5Handle.propertyList(
      try HDF5Library.check(H5Pcreate(glyphlab_h5p_link_create()), "H5Pcreate", context))
    try HDF5Library.check(H5Pset_create_intermediate_group(lcpl.id, 1), "H5Pset_create_intermediate_group", context)
    let id = try HDF5Library.check(
      H5Gcreate2(objectID.raw, name, lcpl.id, glyphlab_h5p_default(), glyphlab_h5p_default()),
      "H5Gcreate2", context)
    return HDF5Group(id: id, path: childPath(name), file: fileDescription)
  }

  /// Opens existing group `name`.
  public func openGroup(_ name: String) throws -> HDF5Group {
    guard exists(name) else {
      throw HDF5Error(function: "open group", context: where_("group \(name)"), detail: "missing")
    }
    let id = try HDF5Library.check(
      H5Gopen2(objectID.raw, name, glyphlab_h5p_default()), "H5Gopen2", where_("open group \(name)"))
    return HDF5Group(id: id, path: childPath(name), file: fileDescription)
  }

  /// Opens group `name`, creating it if it does not exist.
  public func group(_ name: String) throws -> HDF5Group {
    exists(name) ? try openGroup(name) : try createGroup(name)
  }

  /// Removes the link `name` (the space is reclaimed only when the file is rewritten).
  public func remove(_ name: String) throws {
    guard exists(name) else { return }
    try HDF5Library.check(
      H5Ldelete(objectID.raw, name, glyphlab_h5p_default()), "H5Ldelete", where_("delete \(name)"))
  }

  /// Creates a numeric dataset of `shape`.
  ///
  /// - Parameters:
  ///   - maxShape: the largest shape it may grow to; `nil` entries are unlimited. A dataset
  ///     that can grow must be chunked.
  ///   - chunks: the chunk shape; required when `maxShape` has an unlimited entry.
  ///   - compression: a deflate level 1–9, or `nil` for none (needs `chunks`).
  @discardableResult
  public func createDataset<T: HDF5Scalar>(
    _ name: String, of type: T.Type, shape: [Int], maxShape: [Int?]? = nil, chunks: [Int]? = nil,
    compression: Int? = nil
  ) throws -> HDF5Dataset {
    let context = where_("create dataset \(name)")
    let space = try HDF5Handle.simpleDataspace(shape: shape, maxShape: maxShape, context: context)
    return try createDataset(
      name, typeID: T.hdf5Type.make(), space: space, chunks: chunks, compression: compression,
      context: context)
  }

  /// Creates a 1-D variable-length UTF-8 string dataset holding `values`.
  @discardableResult
  public func createStringDataset(_ name: String, values: [String]) throws -> HDF5Dataset {
    let context = where_("create dataset \(name)")
    let type = try HDF5Handle.utf8StringType(context: context)
    let space = try HDF5Handle.simpleDataspace(shape: [values.count], context: context)
    let dataset = try createDataset(
      name, typeID: type.id, space: space, chunks: nil, compression: nil, context: context)
    if !values.isEmpty {
      try withCStringArray(values) { pointers in
        _ = try HDF5Library.check(
          H5Dwrite(
            dataset.objectID.raw, type.id, glyphlab_h5s_all(), glyphlab_h5s_all(), glyphlab_h5p_default(), pointers),
          "H5Dwrite", context)
      }
    }
    return dataset
  }

  /// Opens existing dataset `name`.
  ///
  /// - Parameter chunkCacheBytes: the size of this dataset's chunk cache, or `nil` for
  ///   HDF5's default (1 MiB). Reading a chunked, compressed dataset a few rows at a time
  ///   decompresses a whole chunk per read unless the chunk fits in the cache, so streaming
  ///   readers should pass at least one chunk's size.
  public func openDataset(_ name: String, chunkCacheBytes: Int? = nil) throws -> HDF5Dataset {
    guard exists(name) else {
      throw HDF5Error(function: "open dataset", context: where_("dataset \(name)"), detail: "missing")
    }
    let context = where_("open dataset \(name)")
    var access: HDF5Handle?
    if let chunkCacheBytes {
      let dapl = HDF5Handle.propertyList(
        try HDF5Library.check(H5Pcreate(glyphlab_h5p_dataset_access()), "H5Pcreate", context))
      try HDF5Library.check(
        H5Pset_chunk_cache(
          dapl.id, 1021, max(0, chunkCacheBytes), glyphlab_h5d_chunk_cache_w0_default()),
        "H5Pset_chunk_cache", context)
      access = dapl
    }
    let id = try HDF5Library.check(
      H5Dopen2(objectID.raw, name, access?.id ?? glyphlab_h5p_default()), "H5Dopen2", context)
    return HDF5Dataset(id: id, path: childPath(name), file: fileDescription)
  }

  private func createDataset(
    _ name: String, typeID: hid_t, space: HDF5Handle, chunks: [Int]?, compression: Int?,
    context: String
  ) throws -> HDF5Dataset {
    let dcpl = HDF5Handle.propertyList(
      try HDF5Library.check(H5Pcreate(glyphlab_h5p_dataset_create()), "H5Pcreate", context))
    if compression != nil && chunks == nil {
      throw HDF5Error(function: "create dataset", context: context, detail: "compression needs chunks")
    }
    if let chunks {
      var dims = chunks.map { hsize_t(max(1, $0)) }
      try HDF5Library.check(H5Pset_chunk(dcpl.id, Int32(dims.count), &dims), "H5Pset_chunk", context)
      if let compression {
        try HDF5Library.check(H5Pset_deflate(dcpl.id, UInt32(min(9, max(1, compression)))), "H5Pset_deflate", context)
      }
    }
    let lcpl = HDF5Handle.propertyList(
      try HDF5Library.check(H5Pcreate(glyphlab_h5p_link_create()), "H5Pcreate", context))
    try HDF5Library.check(H5Pset_create_intermediate_group(lcpl.id, 1), "H5Pset_create_intermediate_group", context)
    let id = try HDF5Library.check(
      H5Dcreate2(objectID.raw, name, typeID, space.id, lcpl.id, dcpl.id, glyphlab_h5p_default()),
      "H5Dcreate2", context)
    return HDF5Dataset(id: id, path: childPath(name), file: fileDescription)
  }
}

/// Collects link names during `H5Literate`.
final class NameCollector { var names: [String] = [] }
