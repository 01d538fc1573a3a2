// FreeType 2, for rendering real CJK fonts. FT_* flag macros Swift cannot import are wrapped.
#ifndef GLYPHLAB_CFREETYPE_SHIM_H
#define GLYPHLAB_CFREETYPE_SHIM_H
#include <ft2build.h>
#include FT_FREETYPE_H

static inline FT_Int32 glyphlab_ft_load_render(void) { return FT_LOAD_RENDER; }
static inline FT_Int32 glyphlab_ft_load_default(void) { return FT_LOAD_DEFAULT; }
static inline FT_Int32 glyphlab_ft_load_no_bitmap(void) { return FT_LOAD_NO_BITMAP; }
static inline FT_Int32 glyphlab_ft_load_target_normal(void) { return FT_LOAD_TARGET_NORMAL; }
static inline FT_Encoding glyphlab_ft_encoding_unicode(void) { return FT_ENCODING_UNICODE; }
static inline int glyphlab_ft_pixel_mode_gray(void) { return FT_PIXEL_MODE_GRAY; }
#endif
