import ArgumentParser

/// Which build of GlyphLab's own kernels (the argmin and top-k row scans, distances to
/// gathered rows) runs: the best this CPU supports, or a lower one, so the AVX2 path can be
/// measured on an AVX-512 machine. Every build gives identical results.
enum KernelInstructionSet: String, CaseIterable, ExpressibleByArgument {
  /// The best the CPU supports (CPUID).
  case auto
  /// AVX-512F.
  case avx512
  /// AVX2.
  case avx2
  /// Plain x86-64 (or the host's baseline).
  case scalar
}
