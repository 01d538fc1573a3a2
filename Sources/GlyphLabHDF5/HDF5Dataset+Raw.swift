import CHDF5

extension HDF5Dataset {
  /// Streams the dataset's values to `body` as raw bytes, a block of whole rows at a time
  /// (about `blockBytes` each), in the native memory layout of the stored type (so the same
  /// values give the same bytes whatever the file's byte order). String datasets arrive as
  /// their UTF-8 bytes, each string followed by a zero byte. Memory: one block.
  ///
  /// - Complexity: O(size of the dataset), read once.
  public func forEachRawBlock(
    blockBytes: Int = 4 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    let stored = try elementType()
    if stored.kind == .string {
      for value in try readStrings() {
        var bytes = Array(value.utf8)
        bytes.append(0)
        try bytes.withUnsafeBytes(body)
      }
      return
    }
    let context = "read \(objectPath) in \(fileDescription)"
    let fileType = HDF5Handle.datatype(try HDF5Library.check(H5Dget_type(objectID.raw), "H5Dget_type", context))
    let memoryType = HDF5Handle.datatype(
      try HDF5Library.check(H5Tget_native_type(fileType.id, H5T_DIR_ASCEND), "H5Tget_native_type", context))
    let elementBytes = H5Tget_size(memoryType.id)
    guard elementBytes > 0 else {
      throw HDF5Error(function: "H5Tget_size", context: context, detail: "element size 0")
    }
    let dims = try shape()
    guard let rows = dims.first else {
      // A scalar dataset: one element.
      var buffer = [UInt8](repeating: 0, count: elementBytes)
      try HDF5Library.check(
        H5Dread(objectID.raw, memoryType.id, glyphlab_h5s_all(), glyphlab_h5s_all(), glyphlab_h5p_default(), &buffer),
        "H5Dread", context)
      try buffer.withUnsafeBytes(body)
      return
    }
    let (rowElements, overflow) = dims.dropFirst().reduce((1, false)) { partial, extent in
      let product = partial.0.multipliedReportingOverflow(by: extent)
      return (product.partialValue, partial.1 || product.overflow)
    }
    let (rowBytes, bytesOverflow) = rowElements.multipliedReportingOverflow(by: elementBytes)
    guard !overflow, !bytesOverflow else {
      throw HDF5Error(function: "read", context: context, detail: "shape \(dims) is too large")
    }
    guard rows > 0, rowBytes > 0 else { return }
    let blockRows = max(1, blockBytes / rowBytes)
    var buffer = [UInt8](repeating: 0, count: min(rows, blockRows) * rowBytes)
    var start = 0
    while start < rows {
      let count = min(blockRows, rows - start)
      let fileSpace = HDF5Handle.dataspace(
        try HDF5Library.check(H5Dget_space(objectID.raw), "H5Dget_space", context))
      var offset = [hsize_t](repeating: 0, count: dims.count)
      var extent = dims.map { hsize_t($0) }
      offset[0] = hsize_t(start)
      extent[0] = hsize_t(count)
      try HDF5Library.check(
        H5Sselect_hyperslab(fileSpace.id, H5S_SELECT_SET, &offset, nil, &extent, nil), "H5Sselect_hyperslab",
        context)
      let memorySpace = try HDF5Handle.simpleDataspace(shape: extent.map { Int($0) }, context: context)
      try buffer.withUnsafeMutableBytes { raw in
        _ = try HDF5Library.check(
          H5Dread(objectID.raw, memoryType.id, memorySpace.id, fileSpace.id, glyphlab_h5p_default(), raw.baseAddress),
          "H5Dread", context)
      }
      try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<(count * rowBytes)])) }
      start += count
    }
  }
}
