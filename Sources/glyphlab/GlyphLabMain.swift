import GlyphLabCommands

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `glyphlab` executable: all behaviour lives in GlyphLabCommands.
@main
enum GlyphLabMain {
  static func main() {
    // A write past `ulimit -f` then fails with EFBIG, which the command reports with the file
    // and a non-zero exit, instead of the signal killing the process mid-write.
    signal(SIGXFSZ, SIG_IGN)
    GlyphLab.runMain()
  }
}
