import CGlyphLabRuntime

/// Memory figures of the running process, for benchmarks and logs.
public enum ProcessMemory {
  /// The peak resident set size in bytes since the process started (from getrusage).
  public static var peakResidentBytes: Int { Int(glyphlab_peak_rss_bytes()) }
}
