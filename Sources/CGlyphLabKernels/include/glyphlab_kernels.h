// Row scans over distance tiles, the part of argmin and top-k that SGEMM does not do, and
// squared distances from one point to gathered rows (k-means++ seeding).
// Swift builds for the baseline x86-64 instruction set; these are compiled for AVX-512 and
// AVX2 as well and dispatched once by CPUID, which makes the scan about four times faster.
#ifndef GLYPHLAB_KERNELS_H
#define GLYPHLAB_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// For each of `rows` rows of `tile` (row stride `width`), finds the minimum of
/// `tile[i][j] + terms[j]` and its first index j. Where it is strictly below `best[i]`,
/// stores it in `best[i]` and `first_index + j` in `best_index[i]`.
void glyphlab_argmin_rows(const float *tile, int64_t rows, int64_t width, const float *terms,
                          float *best, int32_t *best_index, int32_t first_index);

/// For each of `rows` rows, merges the values `tile[i][j] + terms[j]` into the row's best-k
/// list `values[i*k ..< (i+1)*k]` (ascending; ties keep the earlier index) and `indices`.
void glyphlab_topk_merge_rows(const float *tile, int64_t rows, int64_t width, const float *terms,
                              float *values, int32_t *indices, int64_t k, int32_t first_index);

/// Squared Euclidean distances from each of `query_count` queries (row-major, `dimension`
/// floats each) to rows of `points` (row stride `dimension`): `out[i * query_count + q]` =
/// Σ_j (points[r][j] − queries[q][j])² with r = `rows[i]`, or r = i when `rows` is NULL. Each
/// row is read once for all queries. Every build adds in the same order (16 lanes, then
/// pairwise; products never fused into the sums), so all give identical results.
void glyphlab_squared_distances_rows(const float *queries, int64_t query_count, const float *points,
                                     int64_t dimension, const int32_t *rows, int64_t count, float *out);

/// The instruction set the kernels dispatched to: "avx512", "avx2" or "scalar".
const char *glyphlab_kernels_isa(void);

/// Forces the kernels to `isa` ("avx512", "avx2", "scalar" or "auto"), for tests that check
/// every build gives the same answers. Returns 0 if this CPU cannot run it (nothing changes).
int glyphlab_kernels_force_isa(const char *isa);

#ifdef __cplusplus
}
#endif
#endif
