// libjpeg-turbo's TurboJPEG API: every failure is a return code and a message, never a
// longjmp or exit(), so a corrupt or truncated JPEG becomes a thrown error in Swift.
#ifndef GLYPHLAB_CJPEG_SHIM_H
#define GLYPHLAB_CJPEG_SHIM_H
#include <turbojpeg.h>

static inline int glyphlab_tj_pixel_gray(void) { return TJPF_GRAY; }
static inline int glyphlab_tj_flag_stop_on_warning(void) { return TJFLAG_STOPONWARNING; }
static inline int glyphlab_tj_flag_accurate_dct(void) { return TJFLAG_ACCURATEDCT; }
#endif
