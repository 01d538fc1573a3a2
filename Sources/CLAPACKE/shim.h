// LAPACKE (from liblapacke-dev: Debian's OpenBLAS 0.3.21 ships without it).
// Complex numbers as plain structs, so Swift imports the header without <complex.h>.
#ifndef GLYPHLAB_CLAPACKE_SHIM_H
#define GLYPHLAB_CLAPACKE_SHIM_H
#define LAPACK_COMPLEX_STRUCTURE 1
#include <lapacke.h>

/// `lapack_int` is a macro Swift cannot see; this typedef names it.
typedef lapack_int glyphlab_lapack_int;

/// Symmetric eigen-decomposition (divide and conquer), double precision, row-major.
/// Eigenvalues ascending in `w`; eigenvectors in the columns of `a`. Returns LAPACK's info.
static inline glyphlab_lapack_int glyphlab_dsyevd(char jobz, char uplo, glyphlab_lapack_int n,
                                                  double *a, glyphlab_lapack_int lda, double *w) {
  return LAPACKE_dsyevd(LAPACK_ROW_MAJOR, jobz, uplo, n, a, lda, w);
}
#endif
