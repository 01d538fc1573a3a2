import ArgumentParser

extension GlyphLab {
  /// Parses the command line and runs the command, like `main()`, but reports Foundation's
  /// file-system errors with their path and cause (``FoundationFileError``).
  public static func runMain() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      exit(withError: FoundationFileError(error) ?? error)
    }
  }
}
