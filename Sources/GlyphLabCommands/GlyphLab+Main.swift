import ArgumentParser
import GlyphLabCore

extension GlyphLab {
  /// Parses the command line and runs the command, like `main()`, but reports Foundation's
  /// file-system errors with their path and cause (``FoundationFileError``). First, before
  /// any thread starts, the allocator is set to reuse large freed blocks
  /// (``ProcessMemory/retainFreedMemory()``).
  public static func runMain() {
    ProcessMemory.retainFreedMemory()
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      exit(withError: FoundationFileError(error) ?? error)
    }
  }
}
