// Argmin and top-k row scans and squared distances to gathered rows, in three builds (AVX-512, AVX2, scalar) chosen once by CPUID.
// All three give identical results: the same float additions, and the same tie rule (the
// first index of the minimum; in top-k, an equal value never displaces an earlier one).
#include "glyphlab_kernels.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
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


// Gathered rows: ask for row i + GLYPHLAB_PREFETCH_AHEAD while row i is measured, every cache
// line of it, so the loads of a scan that skips rows do not wait on memory (no effect on results).
#define GLYPHLAB_PREFETCH_AHEAD 8
static inline void prefetch_row(const float *points, const int32_t *rows, int64_t i, int64_t count, int64_t d) {
  if (i + GLYPHLAB_PREFETCH_AHEAD >= count) return;
  const char *r = (const char *)(points + (rows ? (int64_t)rows[i + GLYPHLAB_PREFETCH_AHEAD]
                                                : i + GLYPHLAB_PREFETCH_AHEAD) * d);
  for (int64_t b = 0; b < d * (int64_t)sizeof(float); b += 64) __builtin_prefetch(r + b, 0, 3);
}

static void distances_scalar(const float *queries, int64_t query_count, const float *points, int64_t d,
                             const int32_t *rows, int64_t count, float *out) {
  for (int64_t i = 0; i < count; i++) {
    const float *p = points + (rows ? (int64_t)rows[i] : i) * d;
    for (int64_t q = 0; q < query_count; q++) {
      const float *query = queries + q * d;
      float lane[16] = {0};
      for (int64_t j = 0; j < d; j++) {
        float e = p[j] - query[j];
        float product = e * e;
        lane[j % 16] += product;
      }
      for (int w = 8; w >= 1; w /= 2)
        for (int l = 0; l < w; l++) lane[l] += lane[l + w];
      out[i * query_count + q] = lane[0];
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

// MARK: - Squared distances to gathered rows
//
// Every build sums the same way: 16 lanes, lane l holding dimensions l, l + 16, …; each
// product is rounded, then added (never fused); the lanes are then added pairwise (l + 8,
// then l + 4, l + 2, l + 1). A dimension count that is not a multiple of 16 adds zeros to
// the unused lanes, which changes nothing. So the three builds give identical results.

/// The lanes' sum in the fixed order: l + 8, then l + 4, l + 2, l + 1.
__attribute__((target("avx2"))) static inline float lanes_sum_avx2(__m256 a0, __m256 a1) {
  __m256 s8 = _mm256_add_ps(a0, a1);
  __m128 s4 = _mm_add_ps(_mm256_castps256_ps128(s8), _mm256_extractf128_ps(s8, 1));
  __m128 s2 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
  __m128 s1 = _mm_add_ss(s2, _mm_shuffle_ps(s2, s2, 1));
  return _mm_cvtss_f32(s1);
}

// Four queries' 8-lane partial sums s0…s3 (lane l holds l + (l + 8) of 16), reduced together
// by shuffles that add exactly the pairs lanes_sum_avx2 adds, in the same order, and stored at
// o[0…3]: the values are those of one query at a time.
__attribute__((target("avx2"))) static inline void store_four_sums_avx2(__m256 s0, __m256 s1, __m256 s2,
                                                                        __m256 s3, float *o) {
  // t (low | high halves of two queries): s[l] + s[l + 4].
  __m256 t02 = _mm256_add_ps(_mm256_permute2f128_ps(s0, s2, 0x20), _mm256_permute2f128_ps(s0, s2, 0x31));
  __m256 t13 = _mm256_add_ps(_mm256_permute2f128_ps(s1, s3, 0x20), _mm256_permute2f128_ps(s1, s3, 0x31));
  // u: t[l] + t[l + 2] for l = 0, 1, interleaved [q0, q1, q0, q1 | q2, q3, q2, q3].
  __m256 u = _mm256_add_ps(_mm256_unpacklo_ps(t02, t13), _mm256_unpackhi_ps(t02, t13));
  // u[0] + u[1] for each query: lanes 0, 1 (q0, q1) and 4, 5 (q2, q3).
  __m256 v = _mm256_add_ps(u, _mm256_permute_ps(u, _MM_SHUFFLE(1, 0, 3, 2)));
  _mm_storel_pi((__m64 *)o, _mm256_castps256_ps128(v));
  _mm_storel_pi((__m64 *)(o + 2), _mm256_extractf128_ps(v, 1));
}

// Four queries at a time share each load of the point and one reduction
// (store_four_sums_avx2), so the values are those of one query at a time.
__attribute__((target("avx2"))) static void distances_avx2(const float *queries, int64_t query_count,
                                                           const float *points, int64_t d,
                                                           const int32_t *rows, int64_t count,
                                                           float *out) {
  int64_t tail = d % 16;
  int32_t maskbits[16];
  for (int l = 0; l < 16; l++) maskbits[l] = l < tail ? -1 : 0;
  __m256i m0 = _mm256_loadu_si256((const __m256i *)maskbits);
  __m256i m1 = _mm256_loadu_si256((const __m256i *)(maskbits + 8));
  int64_t full = d - tail;
  for (int64_t i = 0; i < count; i++) {
    const float *p = points + (rows ? (int64_t)rows[i] : i) * d;
    prefetch_row(points, rows, i, count, d);
    float *o = out + i * query_count;
    int64_t q = 0;
    for (; q + 4 <= query_count; q += 4) {
      const float *q0 = queries + q * d, *q1 = q0 + d, *q2 = q1 + d, *q3 = q2 + d;
      __m256 a00 = _mm256_setzero_ps(), a01 = _mm256_setzero_ps(), a10 = _mm256_setzero_ps(),
             a11 = _mm256_setzero_ps(), a20 = _mm256_setzero_ps(), a21 = _mm256_setzero_ps(),
             a30 = _mm256_setzero_ps(), a31 = _mm256_setzero_ps();
#define GLYPHLAB_STEP4(LOAD_P, LOAD_Q)                                                           \
  {                                                                                              \
    __m256 p0 = LOAD_P(0), p1 = LOAD_P(8), e;                                                    \
    e = _mm256_sub_ps(p0, LOAD_Q(q0, 0)); a00 = _mm256_add_ps(a00, _mm256_mul_ps(e, e));         \
    e = _mm256_sub_ps(p1, LOAD_Q(q0, 8)); a01 = _mm256_add_ps(a01, _mm256_mul_ps(e, e));         \
    e = _mm256_sub_ps(p0, LOAD_Q(q1, 0)); a10 = _mm256_add_ps(a10, _mm256_mul_ps(e, e));         \
    e = _mm256_sub_ps(p1, LOAD_Q(q1, 8)); a11 = _mm256_add_ps(a11, _mm256_mul_ps(e, e));         \
    e = _mm256_sub_ps(p0, LOAD_Q(q2, 0)); a20 = _mm256_add_ps(a20, _mm256_mul_ps(e, e));         \
    e = _mm256_sub_ps(p1, LOAD_Q(q2, 8)); a21 = _mm256_add_ps(a21, _mm256_mul_ps(e, e));         \
    e = _mm256_sub_ps(p0, LOAD_Q(q3, 0)); a30 = _mm256_add_ps(a30, _mm256_mul_ps(e, e));         \
    e = _mm256_sub_ps(p1, LOAD_Q(q3, 8)); a31 = _mm256_add_ps(a31, _mm256_mul_ps(e, e));         \
  }
      for (int64_t j = 0; j < full; j += 16) {
#define GLYPHLAB_LOAD_P(o) _mm256_loadu_ps(p + j + (o))
#define GLYPHLAB_LOAD_Q(x, o) _mm256_loadu_ps((x) + j + (o))
        GLYPHLAB_STEP4(GLYPHLAB_LOAD_P, GLYPHLAB_LOAD_Q)
#undef GLYPHLAB_LOAD_P
#undef GLYPHLAB_LOAD_Q
      }
      if (tail) {
#define GLYPHLAB_LOAD_P(o) _mm256_maskload_ps(p + full + (o), (o) ? m1 : m0)
#define GLYPHLAB_LOAD_Q(x, o) _mm256_maskload_ps((x) + full + (o), (o) ? m1 : m0)
        GLYPHLAB_STEP4(GLYPHLAB_LOAD_P, GLYPHLAB_LOAD_Q)
#undef GLYPHLAB_LOAD_P
#undef GLYPHLAB_LOAD_Q
      }
#undef GLYPHLAB_STEP4
      // s: lanes l + (l + 8).
      store_four_sums_avx2(_mm256_add_ps(a00, a01), _mm256_add_ps(a10, a11), _mm256_add_ps(a20, a21),
                           _mm256_add_ps(a30, a31), o + q);
    }
    for (; q < query_count; q++) {
      const float *query = queries + q * d;
      __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
      for (int64_t j = 0; j < full; j += 16) {
        __m256 e0 = _mm256_sub_ps(_mm256_loadu_ps(p + j), _mm256_loadu_ps(query + j));
        __m256 e1 = _mm256_sub_ps(_mm256_loadu_ps(p + j + 8), _mm256_loadu_ps(query + j + 8));
        a0 = _mm256_add_ps(a0, _mm256_mul_ps(e0, e0));
        a1 = _mm256_add_ps(a1, _mm256_mul_ps(e1, e1));
      }
      if (tail) {
        __m256 e0 = _mm256_sub_ps(_mm256_maskload_ps(p + full, m0), _mm256_maskload_ps(query + full, m0));
        __m256 e1 = _mm256_sub_ps(_mm256_maskload_ps(p + full + 8, m1),
                                  _mm256_maskload_ps(query + full + 8, m1));
        a0 = _mm256_add_ps(a0, _mm256_mul_ps(e0, e0));
        a1 = _mm256_add_ps(a1, _mm256_mul_ps(e1, e1));
      }
      o[q] = lanes_sum_avx2(a0, a1);
    }
  }
}

/// Lanes 8…15 of `a`.
__attribute__((target("avx512f"))) static inline __m256 high_half_avx512(__m512 a) {
  return _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(a), 1));
}

// Four queries at a time share each load of the point, as in distances_avx2: each query's
// 16 lanes are those of distances_avx2's two accumulators side by side, folded to 8 lanes
// (l + (l + 8)) and then reduced by the same shuffles (store_four_sums_avx2); one query
// alone is reduced by lanes_sum_avx2. So the values are the other builds'.
__attribute__((target("avx512f"))) static void distances_avx512(const float *queries,
                                                               int64_t query_count,
                                                               const float *points, int64_t d,
                                                               const int32_t *rows, int64_t count,
                                                               float *out) {
  int64_t tail = d % 16;
  __mmask16 mask = (__mmask16)((1u << tail) - 1u);
  int64_t full = d - tail;
  for (int64_t i = 0; i < count; i++) {
    const float *p = points + (rows ? (int64_t)rows[i] : i) * d;
    prefetch_row(points, rows, i, count, d);
    float *o = out + i * query_count;
    int64_t q = 0;
    for (; q + 4 <= query_count; q += 4) {
      const float *q0 = queries + q * d, *q1 = q0 + d, *q2 = q1 + d, *q3 = q2 + d;
      __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps(), a2 = _mm512_setzero_ps(),
             a3 = _mm512_setzero_ps();
      for (int64_t j = 0; j < full; j += 16) {
        __m512 x = _mm512_loadu_ps(p + j), e;
        e = _mm512_sub_ps(x, _mm512_loadu_ps(q0 + j)); a0 = _mm512_add_ps(a0, _mm512_mul_ps(e, e));
        e = _mm512_sub_ps(x, _mm512_loadu_ps(q1 + j)); a1 = _mm512_add_ps(a1, _mm512_mul_ps(e, e));
        e = _mm512_sub_ps(x, _mm512_loadu_ps(q2 + j)); a2 = _mm512_add_ps(a2, _mm512_mul_ps(e, e));
        e = _mm512_sub_ps(x, _mm512_loadu_ps(q3 + j)); a3 = _mm512_add_ps(a3, _mm512_mul_ps(e, e));
      }
      if (tail) {
        __m512 x = _mm512_maskz_loadu_ps(mask, p + full), e;
        e = _mm512_sub_ps(x, _mm512_maskz_loadu_ps(mask, q0 + full)); a0 = _mm512_add_ps(a0, _mm512_mul_ps(e, e));
        e = _mm512_sub_ps(x, _mm512_maskz_loadu_ps(mask, q1 + full)); a1 = _mm512_add_ps(a1, _mm512_mul_ps(e, e));
        e = _mm512_sub_ps(x, _mm512_maskz_loadu_ps(mask, q2 + full)); a2 = _mm512_add_ps(a2, _mm512_mul_ps(e, e));
        e = _mm512_sub_ps(x, _mm512_maskz_loadu_ps(mask, q3 + full)); a3 = _mm512_add_ps(a3, _mm512_mul_ps(e, e));
      }
#define GLYPHLAB_FOLD(A) _mm256_add_ps(_mm512_castps512_ps256(A), high_half_avx512(A))
      store_four_sums_avx2(GLYPHLAB_FOLD(a0), GLYPHLAB_FOLD(a1), GLYPHLAB_FOLD(a2), GLYPHLAB_FOLD(a3), o + q);
#undef GLYPHLAB_FOLD
    }
    for (; q < query_count; q++) {
      const float *query = queries + q * d;
      __m512 a = _mm512_setzero_ps();
      for (int64_t j = 0; j < full; j += 16) {
        __m512 e = _mm512_sub_ps(_mm512_loadu_ps(p + j), _mm512_loadu_ps(query + j));
        a = _mm512_add_ps(a, _mm512_mul_ps(e, e));
      }
      if (tail) {
        __m512 e = _mm512_sub_ps(_mm512_maskz_loadu_ps(mask, p + full),
                                 _mm512_maskz_loadu_ps(mask, query + full));
        a = _mm512_add_ps(a, _mm512_mul_ps(e, e));
      }
      o[q] = lanes_sum_avx2(_mm512_castps512_ps256(a), high_half_avx512(a));
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
//
// The build in use is one atomic level (0 scalar, 1 AVX2, 2 AVX-512), read on every call, so a
// test that forces a build while other threads scan is no data race.

static _Atomic int g_level = 0;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static void use_level(int level) {
#if !defined(__x86_64__)
  level = 0;
#endif
  atomic_store_explicit(&g_level, level, memory_order_relaxed);
}

static void choose(void) { use_level(detect_level()); }

static int current_level(void) {
  pthread_once(&g_once, choose);
  return atomic_load_explicit(&g_level, memory_order_relaxed);
}

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
  switch (current_level()) {
#if defined(__x86_64__)
    case 2: argmin_avx512(tile, rows, width, terms, best, best_index, first_index); return;
    case 1: argmin_avx2(tile, rows, width, terms, best, best_index, first_index); return;
#endif
    default: argmin_scalar(tile, rows, width, terms, best, best_index, first_index);
  }
}

void glyphlab_topk_merge_rows(const float *tile, int64_t rows, int64_t width, const float *terms,
                              float *values, int32_t *indices, int64_t k, int32_t first_index) {
  switch (current_level()) {
#if defined(__x86_64__)
    case 2: topk_avx512(tile, rows, width, terms, values, indices, k, first_index); return;
    case 1: topk_avx2(tile, rows, width, terms, values, indices, k, first_index); return;
#endif
    default: topk_scalar(tile, rows, width, terms, values, indices, k, first_index);
  }
}

void glyphlab_squared_distances_rows(const float *queries, int64_t query_count, const float *points,
                                     int64_t dimension, const int32_t *rows, int64_t count, float *out) {
  switch (current_level()) {
#if defined(__x86_64__)
    case 2: distances_avx512(queries, query_count, points, dimension, rows, count, out); return;
    case 1: distances_avx2(queries, query_count, points, dimension, rows, count, out); return;
#endif
    default: distances_scalar(queries, query_count, points, dimension, rows, count, out);
  }
}

const char *glyphlab_kernels_isa(void) {
  switch (current_level()) {
    case 2: return "avx512";
    case 1: return "avx2";
    default: return "scalar";
  }
}
