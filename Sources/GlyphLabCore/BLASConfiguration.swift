/// What OpenBLAS is running with: the kernel set ("core"), where that choice came from,
/// the CPU it runs on and the thread count. `glyphlab doctor` prints it, and every run log
/// records it, since speed figures mean nothing without it.
public struct BLASConfiguration: Sendable, Equatable, Codable {
  /// Where the active core came from.
  public enum Source: String, Sendable, Codable {
    /// OpenBLAS is not loaded, or cannot switch cores (not a DYNAMIC_ARCH build).
    case unavailable
    /// OpenBLAS's own CPUID dispatch was kept.
    case openblas
    /// The user set `OPENBLAS_CORETYPE`, which GlyphLab respects.
    case environment
    /// GlyphLab replaced a generic fallback core with the best one the CPU supports.
    case automatic
    /// `GLYPHLAB_BLAS_CORE` named the core.
    case forced
    /// A better core failed the kernel self-test and the original was kept.
    case reverted
  }

  /// The core in use, as OpenBLAS names it (e.g. "SkylakeX", "Haswell", "Prescott").
  public var core: String
  /// The core OpenBLAS chose by itself when the library loaded.
  public var initialCore: String
  /// Where ``core`` came from.
  public var source: Source
  /// The best core this CPU's instruction set supports, or "" if unknown (non-x86-64).
  public var cpuBestCore: String
  /// CPUID vendor, display family and model (e.g. "GenuineIntel", 6, 207).
  public var cpuVendor: String
  public var cpuFamily: Int
  public var cpuModel: Int
  /// BLAS threads.
  public var threads: Int
  /// Whether the kernel self-test passed (after any switch).
  public var selfTestPassed: Bool
  /// True when the active core uses a lower instruction set than the CPU offers: a generic
  /// fallback that runs several times slower.
  public var isGenericFallback: Bool
}
