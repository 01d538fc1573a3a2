// Allocator settings for GlyphLab's large, short-lived buffers (network activations).
#include <malloc.h>

#include "glyphlab_runtime.h"

int glyphlab_retain_freed_memory(void) {
#ifdef __GLIBC__
  // Serve every block from the heap instead of a fresh mmap (which page-faults and zeroes it
  // again on every use), and keep up to 1 GiB of freed heap for reuse.
  int a = mallopt(M_MMAP_MAX, 0);
  int b = mallopt(M_TRIM_THRESHOLD, 1 << 30);
  return a == 1 && b == 1;
#else
  return 0;
#endif
}
