// libpng's simplified API (png_image): no setjmp/longjmp crosses into Swift.
#ifndef GLYPHLAB_CPNG_SHIM_H
#define GLYPHLAB_CPNG_SHIM_H
#include <png.h>

static inline png_uint_32 glyphlab_png_image_version(void) { return PNG_IMAGE_VERSION; }
static inline png_uint_32 glyphlab_png_format_gray(void) { return PNG_FORMAT_GRAY; }
static inline png_uint_32 glyphlab_png_format_rgb(void) { return PNG_FORMAT_RGB; }
static inline int glyphlab_png_image_failed(png_imagep image) { return PNG_IMAGE_FAILED(*image); }
static inline size_t glyphlab_png_image_size(png_imagep image) { return PNG_IMAGE_SIZE(*image); }
static inline const char *glyphlab_png_libversion(void) { return PNG_LIBPNG_VER_STRING; }
#endif
