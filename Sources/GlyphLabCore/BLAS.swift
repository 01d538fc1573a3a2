import CBLAS
import CGlyphLabRuntime

/// OpenBLAS's run-time state: the kernel set it dispatched to and its thread count.
///
/// Kernel selection happens before `main` (see `Sources/CGlyphLabRuntime/blas_core.c`):
/// when OpenBLAS falls back to generic kernels on a CPU it does not recognise, GlyphLab
/// re-dispatches to the best core the CPU supports and checks it with a self-test, unless
/// the user chose a core with `OPENBLAS_CORETYPE` or `GLYPHLAB_BLAS_CORE`.
public enum BLAS {
  /// The number of threads OpenBLAS uses, which GlyphLab's own parallel loops also follow.
  /// Setting it affects the whole process. Results do not depend on it: GlyphLab's SGEMM
  /// blocks by shape, not by threads (``sgemm(_:_:m:n:k:alpha:_:lda:_:ldb:beta:_:ldc:)``).
  public static var threadCount: Int {
    get {
      section.withLock { state in state.depth > 0 ? state.saved : Int(openblas_get_num_threads()) }
    }
    set {
      section.withLock { state in
        if state.depth > 0 {
          state.saved = max(1, newValue)
        } else {
          openblas_set_num_threads(Int32(max(1, newValue)))
        }
      }
    }
  }

  /// Nesting depth of ``withSingleThreadedCalls(_:)`` and the thread count to restore.
  struct SectionState {
    var depth = 0
    var saved = 1
  }

  static let section = Locked(SectionState())

  /// Runs `body` with OpenBLAS single-threaded, for kernels that parallelise over their own
  /// tiles and call SGEMM from each worker: a threaded SGEMM would leave OpenBLAS's worker
  /// spinning on the core the tile scan needs. Nested and concurrent sections are counted,
  /// and the user's thread count comes back when the last one ends. Other threads' BLAS
  /// calls meanwhile run single-threaded (slower, never different).
  package static func withSingleThreadedCalls<R>(_ body: () throws -> R) rethrows -> R {
    section.withLock { state in
      if state.depth == 0 {
        state.saved = Int(openblas_get_num_threads())
        openblas_set_num_threads(1)
      }
      state.depth += 1
    }
    defer {
      section.withLock { state in
        state.depth -= 1
        if state.depth == 0 { openblas_set_num_threads(Int32(state.saved)) }
      }
    }
    return try body()
  }

  /// The active core and how it was chosen.
  public static var configuration: BLASConfiguration {
    let s = glyphlab_blas_selection_get()
    let active = activeCoreName
    let level = coreLevel(active)
    return BLASConfiguration(
      core: active,
      initialCore: string(s.initial_core),
      source: BLASConfiguration.Source(rawSource: s.source),
      cpuBestCore: string(s.cpu_best_core),
      cpuVendor: string(s.cpu_vendor),
      cpuFamily: Int(s.cpu_family),
      cpuModel: Int(s.cpu_model),
      threads: threadCount,
      selfTestPassed: s.self_test_passed == 1,
      isGenericFallback: s.cpu_level >= 0 && level < Int(s.cpu_level))
  }

  /// The name of the core OpenBLAS is using now.
  public static var activeCoreName: String {
    guard let name = openblas_get_corename() else { return "unknown" }
    return String(cString: name)
  }

  /// Switches OpenBLAS to `core` and runs the kernel self-test; on a failed test the previous
  /// core is restored and an error thrown. Not safe while other threads use BLAS.
  package static func switchCore(to core: String) throws {
    let result = glyphlab_blas_switch_core(core)
    guard result == 1 else {
      throw GlyphLabError.invalidArgument(
        operation: "BLAS.switchCore", name: "core", value: core,
        reason: result < 0
          ? "this OpenBLAS cannot switch cores (not a DYNAMIC_ARCH build)"
          : "the kernel self-test failed with it; the previous core was restored")
    }
  }

  /// Runs the SGEMM/SGEMV/SDOT/SSYRK self-test against a naive reference.
  package static func selfTest() -> Bool { glyphlab_blas_self_test() == 1 }

  /// The instruction-set level of an x86-64 OpenBLAS core: 3 AVX-512, 2 AVX2, 1 AVX, 0 SSE.
  package static func coreLevel(_ name: String) -> Int {
    switch name.lowercased() {
    case "skylakex", "cooperlake", "sapphirerapids": return 3
    case "haswell", "zen", "excavator": return 2
    case "sandybridge", "bulldozer", "piledriver", "steamroller": return 1
    default: return 0
    }
  }

  private static func string<T>(_ tuple: T) -> String {
    withUnsafeBytes(of: tuple) { raw in
      let bytes = raw.prefix { $0 != 0 }
      return String(decoding: bytes, as: UTF8.self)
    }
  }
}

extension BLASConfiguration.Source {
  init(rawSource: Int32) {
    switch rawSource {
    case 1: self = .openblas
    case 2: self = .environment
    case 3: self = .automatic
    case 4: self = .forced
    case 5: self = .reverted
    default: self = .unavailable
    }
  }
}
