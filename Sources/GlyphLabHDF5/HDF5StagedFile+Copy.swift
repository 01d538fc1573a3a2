import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension HDF5StagedFile {
  /// Copies the file at `source` to the new file `destination` (which must not exist), with
  /// the same permission bits, streaming 1 MiB at a time (Foundation's `copyItem` can hold
  /// the whole file in memory: a 229 MB run log made a 100,000-run merge peak at 865 MiB).
  /// On failure the partial copy is removed.
  ///
  /// - Complexity: O(file size) time, O(1) memory.
  public static func copyFile(_ source: String, to destination: String) throws {
    func failure(_ what: String, _ path: String) -> HDF5Error {
      HDF5Error(function: "copy", context: path, detail: "\(what): \(String(cString: strerror(errno)))")
    }
    let input = open(source, O_RDONLY | O_CLOEXEC)
    guard input >= 0 else { throw failure("cannot open to copy", source) }
    defer { close(input) }
    var status = stat()
    guard fstat(input, &status) == 0 else { throw failure("cannot stat", source) }
    let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, status.st_mode & 0o7777)
    guard output >= 0 else { throw failure("cannot create", destination) }
    var done = false
    defer {
      close(output)
      if !done { unlink(destination) }
    }
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw failure("cannot read", source)
      }
      if count == 0 { break }
      var written = 0
      while written < count {
        let n = buffer.withUnsafeBytes { raw in
          let rest = UnsafeRawBufferPointer(rebasing: raw[written..<count])
          return write(output, rest.baseAddress, rest.count)
        }
        if n < 0 {
          if errno == EINTR { continue }
          throw failure("cannot write", destination)
        }
        written += n
      }
    }
    done = true
  }
}
