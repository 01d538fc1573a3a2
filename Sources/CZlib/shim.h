// zlib, for gzipped dataset sources (IDX files). gzopen may be a macro for gzopen64 under
// large-file builds, so it is wrapped; the rest are plain functions.
#ifndef GLYPHLAB_CZLIB_SHIM_H
#define GLYPHLAB_CZLIB_SHIM_H
#include <zlib.h>

static inline gzFile glyphlab_gzopen(const char *path, const char *mode) { return gzopen(path, mode); }
static inline const char *glyphlab_zlib_version(void) { return zlibVersion(); }
#endif
