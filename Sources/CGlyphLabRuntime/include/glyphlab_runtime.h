// Process start-up glue for GlyphLab. Kept in C because it must run before any Swift code
// touches BLAS: OpenBLAS picks its kernels when it loads, from CPUID and OPENBLAS_CORETYPE.
#ifndef GLYPHLAB_RUNTIME_H
#define GLYPHLAB_RUNTIME_H

#ifdef __cplusplus
extern "C" {
#endif

/// Where the active OpenBLAS core came from.
typedef enum {
  GLYPHLAB_BLAS_SOURCE_UNAVAILABLE = 0,  ///< OpenBLAS is not loaded or not a DYNAMIC_ARCH build.
  GLYPHLAB_BLAS_SOURCE_OPENBLAS = 1,     ///< OpenBLAS's own CPUID dispatch was kept.
  GLYPHLAB_BLAS_SOURCE_ENVIRONMENT = 2,  ///< The user set OPENBLAS_CORETYPE; it is respected.
  GLYPHLAB_BLAS_SOURCE_AUTOMATIC = 3,    ///< GlyphLab replaced a generic fallback core.
  GLYPHLAB_BLAS_SOURCE_FORCED = 4,       ///< GLYPHLAB_BLAS_CORE named a core.
  GLYPHLAB_BLAS_SOURCE_REVERTED = 5,     ///< A better core failed the self-test; the original was restored.
} glyphlab_blas_source;

/// What the start-up selection saw and did. Strings are NUL-terminated and owned by the library.
typedef struct {
  int source;                  ///< A glyphlab_blas_source.
  char initial_core[32];       ///< The core OpenBLAS chose by itself when it loaded.
  char active_core[32];        ///< The core in use now.
  char cpu_best_core[32];      ///< The best core this CPU's instruction set supports ("" if unknown).
  int cpu_level;               ///< 0 SSE, 1 AVX, 2 AVX2+FMA, 3 AVX-512; -1 if not x86-64.
  int active_level;            ///< The instruction-set level of the active core.
  int self_test_passed;        ///< 1 if the kernel self-test passed after a switch (or no switch ran).
  char cpu_vendor[16];         ///< CPUID vendor string.
  int cpu_family;              ///< CPUID display family.
  int cpu_model;               ///< CPUID display model.
} glyphlab_blas_selection;

/// Runs the selection once (idempotent, thread-safe). Environment variables read:
/// OPENBLAS_CORETYPE (the user's choice, respected), GLYPHLAB_BLAS_CORE ("auto" default,
/// "keep" to leave OpenBLAS's choice, or a core name to force), and
/// GLYPHLAB_BLAS_SIMULATE_FALLBACK (a core to start from, to test the replacement path). Also runs as an ELF constructor, after
/// OpenBLAS's own start-up and before main.
void glyphlab_blas_autoselect(void);

/// The result of the selection (runs it first if needed).
glyphlab_blas_selection glyphlab_blas_selection_get(void);

/// Switches OpenBLAS to the named core (e.g. "SkylakeX") and returns 1 if the kernel self-test
/// passes afterwards; on failure the previous core is restored and 0 returned. Returns -1 when
/// OpenBLAS cannot switch cores (not DYNAMIC_ARCH). Not safe while other threads call BLAS.
int glyphlab_blas_switch_core(const char *name);

/// Runs a small SGEMM/SGEMV/SDOT/SSYRK check against a naive double-precision reference.
/// Returns 1 on success, 0 on a wrong result, -1 if BLAS is not loaded.
int glyphlab_blas_self_test(void);

/// Peak resident set size of this process in bytes (getrusage).
long long glyphlab_peak_rss_bytes(void);

/// Makes glibc serve large blocks from its heap and keep freed memory for reuse (mallopt
/// M_MMAP_MAX = 0, M_TRIM_THRESHOLD = 1 GiB, M_ARENA_MAX = 1: one arena for every thread).
/// Returns 1 if all three settings took effect. Threads that already have an arena keep it,
/// so call it before starting threads.
int glyphlab_retain_freed_memory(void);

/// Gives the pages of the heap's free chunks back to the system (glibc's malloc_trim(0)), so
/// memory freed below the top of the heap stops counting as resident. Returns 1 if any
/// memory was released.
int glyphlab_release_freed_memory(void);

/// Raises the calling thread's nice value by `by` (at most to 19), so it yields to the
/// process's other threads (Linux: nice is per thread; threads it starts inherit it).
/// Returns 1 on success, 0 otherwise (another system).
int glyphlab_lower_thread_priority(int by);

#ifdef __cplusplus
}
#endif
#endif
