import Foundation
import GlyphLabCore
import GlyphLabHDF5
import GlyphLabImaging

/// What `glyphlab doctor` checks: the BLAS kernels and threads, the HDF5, FreeType and libpng
/// versions, and the CJK fonts installed.
public struct DoctorReport: Sendable, Codable {
  public var glyphlabVersion: String
  public var blas: BLASConfiguration
  public var blasSelfTest: Bool
  public var hdf5Version: String
  public var hdf5ThreadSafe: Bool
  public var freetypeVersion: String
  public var libpngVersion: String
  public var cjkFonts: [FontFace]
  /// Problems a user should act on.
  public var warnings: [String]

  /// Collects the report from this machine.
  public static func collect(fontDirectories: [String] = FontCatalog.defaultDirectories) -> DoctorReport {
    let blas = BLAS.configuration
    let fonts = FontCatalog.cjkFaces(directories: fontDirectories)
    var warnings: [String] = []
    if blas.isGenericFallback {
      warnings.append(
        "OpenBLAS core \(blas.core) uses a lower instruction set than this CPU supports (best: \(blas.cpuBestCore)); "
          + (blas.source == .environment
            ? "OPENBLAS_CORETYPE forces it, unset it or set it to \(blas.cpuBestCore) for full speed"
            : "matrix kernels run several times slower"))
    }
    if blas.source == .reverted {
      warnings.append("the \(blas.cpuBestCore) kernels failed GlyphLab's self-test; kept \(blas.core)")
    }
    if fonts.isEmpty {
      warnings.append("no CJK fonts found; run `make setup` to install them")
    }
    return DoctorReport(
      glyphlabVersion: GlyphLabVersion.current, blas: blas, blasSelfTest: BLAS.selfTest(),
      hdf5Version: HDF5Library.version, hdf5ThreadSafe: HDF5Library.isThreadSafe,
      freetypeVersion: FontCatalog.freetypeVersion, libpngVersion: PNGCodec.libraryVersion,
      cjkFonts: fonts, warnings: warnings)
  }

  /// The report as human-readable lines.
  public func text() -> String {
    var lines: [String] = []
    lines.append("glyphlab \(glyphlabVersion)")
    lines.append(
      "BLAS      OpenBLAS core \(blas.core) (\(describe(blas.source))), \(blas.threads) thread(s), self-test \(blasSelfTest ? "passed" : "FAILED")"
    )
    lines.append(
      "CPU       \(blas.cpuVendor) family \(blas.cpuFamily) model \(blas.cpuModel); best core \(blas.cpuBestCore.isEmpty ? "n/a" : blas.cpuBestCore); OpenBLAS chose \(blas.initialCore) at load"
    )
    lines.append("HDF5      \(hdf5Version)\(hdf5ThreadSafe ? " (thread-safe)" : "")")
    lines.append("FreeType  \(freetypeVersion)")
    lines.append("libpng    \(libpngVersion)")
    lines.append("CJK fonts \(cjkFonts.count) face(s)")
    for face in cjkFonts {
      lines.append("  \(face.family) \(face.style) — \(face.path)#\(face.faceIndex)")
    }
    for warning in warnings { lines.append("warning: \(warning)") }
    return lines.joined(separator: "\n")
  }

  private func describe(_ source: BLASConfiguration.Source) -> String {
    switch source {
    case .unavailable: return "core switching unavailable"
    case .openblas: return "OpenBLAS's own choice"
    case .environment: return "set by OPENBLAS_CORETYPE"
    case .automatic: return "chosen by GlyphLab over the fallback \(blas.initialCore)"
    case .forced: return "set by GLYPHLAB_BLAS_CORE"
    case .reverted: return "kept after a failed self-test"
    }
  }
}
