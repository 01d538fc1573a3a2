// Argmin and top-k row scans, in three builds (AVX-512, AVX2, scalar) chosen once by CPUID.
// All three give identical results: the same float additions, and the same tie rule (the
// first index of the minimum; in top-k, an equal value never displaces an earlier one).
#include "glyphlab_kernels.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

// MARK: - Scalar

static void argmin_scalar(const float *tile, int64_t rows, int64_t width, const float *terms,
                          float *best, int32_t *best_index, int32_t first_index) {
  for (int64_t i = 0; i < rows; i++) {
    const float *row = tile + i * width;
    float m = INFINITY;
    int64_t at = 0;
    for (int64_t j = 0; j < width; j++) {
      float v = row[j] + terms[j];
      if (v < m) { m = v; at = j; }
    }
    if (m < best[i]) { best[i] = m; best_index[i] = first_index + (int32_t)at; }
  }
}

/// Inserts v (index idx) into the sorted list, after every kept value <= v.
static inline void topk_insert(float *values, int32_t *indices, int64_t k, float v, int32_t idx) {
  int64_t p = k - 1;
  while (p > 0 && values[p - 1] > v) {
    values[p] = values[p - 1];
    indices[p] = indices[p - 1];
    p--;
  }
  values[p] = v;
  indices[p] = idx;
}

static void topk_scalar(const float *tile, int64_t rows, int64_t width, const float *terms,
                        float *values, int32_t *indices, int64_t k, int32_t first_index) {
  for (int64_t i = 0; i < rows; i++) {
    const float *row = tile + i * width;
    float *vals = values + i * k;
    int32_t *idxs = indices + i * k;
    float worst = vals[k - 1];
    for (int64_t j = 0; j < width; j++) {
      float v = row[j] + terms[j];
      if (v < worst) {
        topk_insert(vals, idxs, k, v, first_index + (int32_t)j);
        worst = vals[k - 1];
      }
    }
  }
}

#if defined(__x86_64__)
// MARK: - AVX2

__attribute__((target("avx2,fma"))) static void argmin_avx2(const float *tile, int64_t rows,
                                                             int64_t width, const float *terms,
                                                             float *best, int32_t *best_index,
                                                             int32_t first_index) {
  for (int64_t i = 0; i < rows; i++) {
    const float *row = tile + i * width;
    __m256 vmin = _mm256_set1_ps(INFINITY);
    __m256i vidx = _mm256_setzero_si256();
    __m256i cur = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i step = _mm256_set1_epi32(8);
    int64_t j = 0;
    for (; j + 8 <= width; j += 8) {
      __m256 v = _mm256_add_ps(_mm256_loadu_ps(row + j), _mm256_loadu_ps(terms + j));
      __m256 lt = _mm256_cmp_ps(v, vmin, _CMP_LT_OQ);
      vmin = _mm256_blendv_ps(vmin, v, lt);
      vidx = _mm256_blendv_epi8(vidx, cur, _mm256_castps_si256(lt));
      cur = _mm256_add_epi32(cur, step);
    }
    float lanes[8];
    int32_t lane_idx[8];
    _mm256_storeu_ps(lanes, vmin);
    _mm256_storeu_si256((__m256i *)lane_idx, vidx);
    float m = INFINITY;
    int64_t at = 0;
    for (int l = 0; l < 8; l++) {
      if (lanes[l] < m || (lanes[l] == m && lane_idx[l] < at)) { m = lanes[l]; at = lane_idx[l]; }
    }
    for (; j < width; j++) {
      float v = row[j] + terms[j];
      if (v < m) { m = v; at = j; }
    }
    if (m < best[i]) { best[i] = m; best_index[i] = first_index + (int32_t)at; }
  }
}

__attribute__((target("avx2,fma"))) static void topk_avx2(const float *tile, int64_t rows,
                                                           int64_t width, const float *terms,
                                                           float *values, int32_t *indices,
                                                           int64_t k, int32_t first_index) {
  for (int64_t i = 0; i < rows; i++) {
    const float *row = tile + i * width;
    float *vals = values + i * k;
    int32_t *idxs = indices + i * k;
    float worst = vals[k - 1];
    int64_t j = 0;
    for (; j + 8 <= width; j += 8) {
      __m256 v = _mm256_add_ps(_mm256_loadu_ps(row + j), _mm256_loadu_ps(terms + j));
      int mask = _mm256_movemask_ps(_mm256_cmp_ps(v, _mm256_set1_ps(worst), _CMP_LT_OQ));
      if (!mask) continue;
      float lanes[8];
      _mm256_storeu_ps(lanes, v);
      while (mask) {
        int l = __builtin_ctz(mask);
        mask &= mask - 1;
        if (lanes[l] < worst) {
          topk_insert(vals, idxs, k, lanes[l], first_index + (int32_t)(j + l));
          worst = vals[k - 1];
        }
      }
    }
    for (; j < width; j++) {
      float v = row[j] + terms[j];
      if (v < worst) {
        topk_insert(vals, idxs, k, v, first_index + (int32_t)j);
        worst = vals[k - 1];
      }
    }
  }
}

// MARK: - AVX-512

__attribute__((target("avx512f"))) static void argmin_avx512(const float *tile, int64_t rows,
                                                              int64_t width, const float *terms,
                                                              float *best, int32_t *best_index,
                                                              int32_t first_index) {
  for (int64_t i = 0; i < rows; i++) {
    const float *row = tile + i * width;
    __m512 vmin = _mm512_set1_ps(INFINITY);
    __m512i vidx = _mm512_setzero_si512();
    __m512i cur = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512i step = _mm512_set1_epi32(16);
    int64_t j = 0;
    for (; j + 16 <= width; j += 16) {
      __m512 v = _mm512_add_ps(_mm512_loadu_ps(row + j), _mm512_loadu_ps(terms + j));
      __mmask16 lt = _mm512_cmp_ps_mask(v, vmin, _CMP_LT_OQ);
      vmin = _mm512_mask_mov_ps(vmin, lt, v);
      vidx = _mm512_mask_mov_epi32(vidx, lt, cur);
      cur = _mm512_add_epi32(cur, step);
    }
    float lanes[16];
    int32_t lane_idx[16];
    _mm512_storeu_ps(lanes, vmin);
    _mm512_storeu_si512(lane_idx, vidx);
    float m = INFINITY;
    int64_t at = 0;
    for (int l = 0; l < 16; l++) {
      if (lanes[l] < m || (lanes[l] == m && lane_idx[l] < at)) { m = lanes[l]; at = lane_idx[l]; }
    }
    for (; j < width; j++) {
      float v = row[j] + terms[j];
      if (v < m) { m = v; at = j; }
    }
    if (m < best[i]) { best[i] = m; best_index[i] = first_index + (int32_t)at; }
  }
}

__attribute__((target("avx512f"))) static void topk_avx512(const float *tile, int64_t rows,
                                                            int64_t width, const float *terms,
                                                            float *values, int32_t *indices,
                                                            int64_t k, int32_t first_index) {
  for (int64_t i = 0; i < rows; i++) {
    const float *row = tile + i * width;
    float *vals = values + i * k;
    int32_t *idxs = indices + i * k;
    float worst = vals[k - 1];
    int64_t j = 0;
    for (; j + 16 <= width; j += 16) {
      __m512 v = _mm512_add_ps(_mm512_loadu_ps(row + j), _mm512_loadu_ps(terms + j));
      __mmask16 mask = _mm512_cmp_ps_mask(v, _mm512_set1_ps(worst), _CMP_LT_OQ);
      if (!mask) continue;
      float lanes[16];
      _mm512_storeu_ps(lanes, v);
      unsigned bits = mask;
      while (bits) {
        int l = __builtin_ctz(bits);
        bits &= bits - 1;
        if (lanes[l] < worst) {
          topk_insert(vals, idxs, k, lanes[l], first_index + (int32_t)(j + l));
          worst = vals[k - 1];
        }
      }
    }
    for (; j < width; j++) {
      float v = row[j] + terms[j];
      if (v < worst) {
        topk_insert(vals, idxs, k, v, first_index + (int32_t)j);
        worst = vals[k - 1];
      }
    }
  }
}

static unsigned long long xcr0(void) {
  unsigned int eax, edx;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return ((unsigned long long)edx << 32) | eax;
}

/// 2 for AVX-512F, 1 for AVX2+FMA, 0 otherwise (CPU and OS support both checked).
static int detect_level(void) {
  unsigned int a, b, c, d;
  if (!__get_cpuid(0, &a, &b, &c, &d) || a < 7) return 0;
  __get_cpuid(1, &a, &b, &c, &d);
  if (!((c >> 27) & 1) || !((c >> 28) & 1) || !((c >> 12) & 1)) return 0;
  unsigned long long x = xcr0();
  __cpuid_count(7, 0, a, b, c, d);
  if (((b >> 16) & 1) && (x & 0xe6) == 0xe6) return 2;
  if (((b >> 5) & 1) && (x & 0x6) == 0x6) return 1;
  return 0;
}
#else
static int detect_level(void) { return 0; }
#endif

// MARK: - Dispatch

typedef void (*argmin_fn)(const float *, int64_t, int64_t, const float *, float *, int32_t *, int32_t);
typedef void (*topk_fn)(const float *, int64_t, int64_t, const float *, float *, int32_t *, int64_t,
                        int32_t);

static argmin_fn g_argmin = argmin_scalar;
static topk_fn g_topk = topk_scalar;
static const char *g_isa = "scalar";
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static void use_level(int level) {
#if defined(__x86_64__)
  switch (level) {
    case 2: g_argmin = argmin_avx512; g_topk = topk_avx512; g_isa = "avx512"; return;
    case 1: g_argmin = argmin_avx2; g_topk = topk_avx2; g_isa = "avx2"; return;
    default: break;
  }
#else
  (void)level;
#endif
  g_argmin = argmin_scalar;
  g_topk = topk_scalar;
  g_isa = "scalar";
}

static void choose(void) { use_level(detect_level()); }

int glyphlab_kernels_force_isa(const char *isa) {
  pthread_once(&g_once, choose);
  int supported = detect_level();
  int wanted = strcmp(isa, "avx512") == 0 ? 2 : strcmp(isa, "avx2") == 0 ? 1
             : strcmp(isa, "scalar") == 0 ? 0 : strcmp(isa, "auto") == 0 ? supported : -1;
  if (wanted < 0 || wanted > supported) return 0;
  use_level(wanted);
  return 1;
}

void glyphlab_argmin_rows(const float *tile, int64_t rows, int64_t width, const float *terms,
                          float *best, int32_t *best_index, int32_t first_index) {
  pthread_once(&g_once, choose);
  g_argmin(tile, rows, width, terms, best, best_index, first_index);
}

void glyphlab_topk_merge_rows(const float *tile, int64_t rows, int64_t width, const float *terms,
                              float *values, int32_t *indices, int64_t k, int32_t first_index) {
  pthread_once(&g_once, choose);
  g_topk(tile, rows, width, terms, values, indices, k, first_index);
}

const char *glyphlab_kernels_isa(void) {
  pthread_once(&g_once, choose);
  return g_isa;
}
