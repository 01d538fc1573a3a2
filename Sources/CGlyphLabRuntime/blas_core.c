// OpenBLAS kernel selection at process start.
//
// OpenBLAS 0.3.21 (Debian 12) is built with DYNAMIC_ARCH: when the library loads it reads
// CPUID and picks a kernel set ("core"). A CPU newer than the build (e.g. Intel family 6
// model 207) is not recognised and gets the generic "Prescott" kernels, about 5x slower for
// SGEMM. OPENBLAS_CORETYPE overrides this but is read only when the library loads, which is
// before main(). This file runs as an ELF constructor, after OpenBLAS's own (a dependency is
// initialised first) and before Swift's main. If the user did not choose a core and OpenBLAS
// chose one below the CPU's instruction set, it re-runs OpenBLAS's dispatch with the best
// core the CPU supports (gotoblas_dynamic_quit + gotoblas_dynamic_init), then checks a few
// kernels against a naive reference and restores the original core if any disagrees.
// Everything is looked up with dlsym, so a non-DYNAMIC_ARCH OpenBLAS or another BLAS is left
// alone, and non-x86 CPUs are never touched.
#define _GNU_SOURCE
#include "glyphlab_runtime.h"

#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

typedef char *(*corename_fn)(void);
typedef void (*void_fn)(void);
typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *,
                         int, float, float *, int);
typedef void (*sgemv_fn)(int, int, int, int, float, const float *, int, const float *, int, float,
                         float *, int);
typedef float (*sdot_fn)(int, const float *, int, const float *, int);
typedef void (*ssyrk_fn)(int, int, int, int, int, float, const float *, int, float, float *, int);

static glyphlab_blas_selection g_selection;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static void copy_name(char *dst, size_t cap, const char *src) {
  if (!src) src = "";
  strncpy(dst, src, cap - 1);
  dst[cap - 1] = '\0';
}

static const char *current_core(void) {
  corename_fn f = (corename_fn)dlsym(RTLD_DEFAULT, "openblas_get_corename");
  return f ? f() : NULL;
}

/// The instruction-set level of an OpenBLAS x86-64 core name.
static int core_level(const char *name) {
  if (!name) return -1;
  static const char *avx512[] = {"SkylakeX", "Cooperlake", "SapphireRapids", NULL};
  static const char *avx2[] = {"Haswell", "Zen", "Excavator", NULL};
  static const char *avx[] = {"Sandybridge", "Bulldozer", "Piledriver", "Steamroller", NULL};
  for (int i = 0; avx512[i]; i++) if (strcasecmp(name, avx512[i]) == 0) return 3;
  for (int i = 0; avx2[i]; i++) if (strcasecmp(name, avx2[i]) == 0) return 2;
  for (int i = 0; avx[i]; i++) if (strcasecmp(name, avx[i]) == 0) return 1;
  return 0;
}

#if defined(__x86_64__)
static unsigned long long read_xcr0(void) {
  unsigned int eax, edx;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return ((unsigned long long)edx << 32) | eax;
}

/// Reads CPUID: vendor, family, model, and the best OpenBLAS core the CPU and OS support.
static void probe_cpu(glyphlab_blas_selection *s) {
  unsigned int a, b, c, d;
  if (!__get_cpuid(0, &a, &b, &c, &d)) return;
  unsigned int max_leaf = a;
  memcpy(s->cpu_vendor, &b, 4);
  memcpy(s->cpu_vendor + 4, &d, 4);
  memcpy(s->cpu_vendor + 8, &c, 4);
  s->cpu_vendor[12] = '\0';
  __get_cpuid(1, &a, &b, &c, &d);
  unsigned int base_family = (a >> 8) & 0xf, base_model = (a >> 4) & 0xf;
  s->cpu_family = (int)(base_family + (base_family == 0xf ? ((a >> 20) & 0xff) : 0));
  s->cpu_model = (int)(base_model | ((base_family == 0x6 || base_family == 0xf) ? ((a >> 12) & 0xf0) : 0));
  int has_avx = (c >> 28) & 1, has_fma = (c >> 12) & 1, has_osxsave = (c >> 27) & 1;
  int os_ymm = 0, os_zmm = 0;
  if (has_osxsave) {
    unsigned long long xcr0 = read_xcr0();
    os_ymm = (xcr0 & 0x6) == 0x6;
    os_zmm = (xcr0 & 0xe6) == 0xe6;
  }
  int has_avx2 = 0, has_avx512 = 0, has_bf16 = 0;
  if (max_leaf >= 7) {
    __cpuid_count(7, 0, a, b, c, d);
    has_avx2 = (b >> 5) & 1;
    int f = (b >> 16) & 1, dq = (b >> 17) & 1, cd = (b >> 28) & 1, bw = (b >> 30) & 1, vl = (b >> 31) & 1;
    has_avx512 = f && dq && cd && bw && vl;
    __cpuid_count(7, 1, a, b, c, d);
    has_bf16 = (a >> 5) & 1;
  }
  if (has_avx512 && os_zmm) {
    s->cpu_level = 3;
    copy_name(s->cpu_best_core, sizeof s->cpu_best_core, has_bf16 ? "Cooperlake" : "SkylakeX");
  } else if (has_avx2 && has_fma && has_avx && os_ymm) {
    s->cpu_level = 2;
    copy_name(s->cpu_best_core, sizeof s->cpu_best_core, "Haswell");
  } else if (has_avx && os_ymm) {
    s->cpu_level = 1;
    copy_name(s->cpu_best_core, sizeof s->cpu_best_core, "Sandybridge");
  } else {
    s->cpu_level = 0;
  }
}
#else
static void probe_cpu(glyphlab_blas_selection *s) { s->cpu_level = -1; }
#endif

static int close_enough(double got, double want) {
  return fabs(got - want) <= 1e-3 * (1.0 + fabs(want));
}

int glyphlab_blas_self_test(void) {
  sgemm_fn sgemm = (sgemm_fn)dlsym(RTLD_DEFAULT, "cblas_sgemm");
  sgemv_fn sgemv = (sgemv_fn)dlsym(RTLD_DEFAULT, "cblas_sgemv");
  sdot_fn sdot = (sdot_fn)dlsym(RTLD_DEFAULT, "cblas_sdot");
  ssyrk_fn ssyrk = (ssyrk_fn)dlsym(RTLD_DEFAULT, "cblas_ssyrk");
  if (!sgemm || !sgemv || !sdot || !ssyrk) return -1;
  enum { M = 67, N = 71, K = 53 };
  static float A[M * K], B[K * N], C[M * N], S[M * M], x[K], y[M];
  unsigned int state = 12345u;
  for (int i = 0; i < M * K; i++) { state = state * 1103515245u + 12345u; A[i] = (float)((state >> 16) % 17) / 8.0f - 1.0f; }
  for (int i = 0; i < K * N; i++) { state = state * 1103515245u + 12345u; B[i] = (float)((state >> 16) % 13) / 6.0f - 1.0f; }
  for (int i = 0; i < K; i++) x[i] = (float)(i % 5) - 2.0f;
  // Row-major = 101, NoTrans = 111, Trans = 112, Upper = 121.
  sgemm(101, 111, 111, M, N, K, 1.0f, A, K, B, N, 0.0f, C, N);
  sgemv(101, 111, M, K, 1.0f, A, K, x, 1, 0.0f, y, 1);
  ssyrk(101, 121, 111, M, K, 1.0f, A, K, 0.0f, S, M);
  for (int i = 0; i < M; i++) {
    double yv = 0;
    for (int k = 0; k < K; k++) yv += (double)A[i * K + k] * x[k];
    if (!close_enough(y[i], yv)) return 0;
    for (int j = 0; j < N; j++) {
      double s = 0;
      for (int k = 0; k < K; k++) s += (double)A[i * K + k] * B[k * N + j];
      if (!close_enough(C[i * N + j], s)) return 0;
    }
    for (int j = i; j < M; j++) {
      double s = 0;
      for (int k = 0; k < K; k++) s += (double)A[i * K + k] * A[j * K + k];
      if (!close_enough(S[i * M + j], s)) return 0;
    }
  }
  double d = 0;
  for (int k = 0; k < K; k++) d += (double)A[k] * B[k];
  if (!close_enough(sdot(K, A, 1, B, 1), d)) return 0;
  return 1;
}

/// Re-runs OpenBLAS's dispatch with OPENBLAS_CORETYPE=name, leaving the environment as found.
static int redispatch(const char *name) {
  void_fn quit = (void_fn)dlsym(RTLD_DEFAULT, "gotoblas_dynamic_quit");
  void_fn init = (void_fn)dlsym(RTLD_DEFAULT, "gotoblas_dynamic_init");
  if (!quit || !init) return -1;
  const char *old = getenv("OPENBLAS_CORETYPE");
  char *saved = old ? strdup(old) : NULL;
  setenv("OPENBLAS_CORETYPE", name, 1);
  quit();
  init();
  if (saved) { setenv("OPENBLAS_CORETYPE", saved, 1); free(saved); }
  else unsetenv("OPENBLAS_CORETYPE");
  return 0;
}

int glyphlab_blas_switch_core(const char *name) {
  const char *before = current_core();
  if (!before || !name) return -1;
  char previous[32];
  copy_name(previous, sizeof previous, before);
  if (redispatch(name) != 0) return -1;
  if (glyphlab_blas_self_test() == 1) return 1;
  redispatch(previous);
  return 0;
}

static void select_once(void) {
  glyphlab_blas_selection *s = &g_selection;
  memset(s, 0, sizeof *s);
  s->self_test_passed = 1;
  probe_cpu(s);
  // Diagnostic hook: pretend OpenBLAS's own dispatch fell back to this core (e.g. "Prescott"),
  // so the replacement path can be exercised on a CPU that OpenBLAS does recognise.
  const char *simulate = getenv("GLYPHLAB_BLAS_SIMULATE_FALLBACK");
  if (simulate && *simulate) redispatch(simulate);
  const char *initial = current_core();
  if (!initial) { s->source = GLYPHLAB_BLAS_SOURCE_UNAVAILABLE; return; }
  copy_name(s->initial_core, sizeof s->initial_core, initial);
  s->source = GLYPHLAB_BLAS_SOURCE_OPENBLAS;

  const char *forced = getenv("GLYPHLAB_BLAS_CORE");
  const char *user = getenv("OPENBLAS_CORETYPE");
  if (forced && *forced && strcasecmp(forced, "auto") != 0) {
    if (strcasecmp(forced, "keep") != 0) {
      int ok = glyphlab_blas_switch_core(forced);
      s->source = ok == 1 ? GLYPHLAB_BLAS_SOURCE_FORCED : GLYPHLAB_BLAS_SOURCE_REVERTED;
      s->self_test_passed = ok == 1;
    }
  } else if (user && *user) {
    s->source = GLYPHLAB_BLAS_SOURCE_ENVIRONMENT;
  } else if (s->cpu_level > core_level(initial) && s->cpu_best_core[0]) {
    int ok = glyphlab_blas_switch_core(s->cpu_best_core);
    if (ok == 1) s->source = GLYPHLAB_BLAS_SOURCE_AUTOMATIC;
    else if (ok == 0) { s->source = GLYPHLAB_BLAS_SOURCE_REVERTED; s->self_test_passed = 0; }
  }
  copy_name(s->active_core, sizeof s->active_core, current_core());
  s->active_level = core_level(s->active_core);
}

void glyphlab_blas_autoselect(void) { pthread_once(&g_once, select_once); }

glyphlab_blas_selection glyphlab_blas_selection_get(void) {
  glyphlab_blas_autoselect();
  return g_selection;
}

long long glyphlab_peak_rss_bytes(void) {
  struct rusage usage;
  if (getrusage(RUSAGE_SELF, &usage) != 0) return -1;
  return (long long)usage.ru_maxrss * 1024;
}

__attribute__((constructor)) static void glyphlab_runtime_start(void) { glyphlab_blas_autoselect(); }
