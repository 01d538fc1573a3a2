// Allocator settings for GlyphLab's large, short-lived buffers (network activations).
#include <malloc.h>

#include "glyphlab_runtime.h"

int glyphlab_retain_freed_memory(void) {
#ifdef __GLIBC__
  // Serve every block from the heap instead of a fresh mmap (which page-faults and zeroes it
  // again on every use), and keep up to 1 GiB of freed heap for reuse.
  int a = mallopt(M_MMAP_MAX, 0);
  int b = mallopt(M_TRIM_THRESHOLD, 1 << 30);
  // One arena for every thread. A thread other than the main one otherwise allocates from
  // its own arena, made of 64 MiB sub-heaps that glibc unmaps as soon as they are empty,
  // whatever the trim threshold: a pipeline run on its runner thread then page-faulted
  // every activation buffer afresh (63 million minor faults and 113 s of system time in a
  // 4-round headline run, against 0.46 million and 2.5 s with one arena).
  int c = mallopt(M_ARENA_MAX, 1);
  return a == 1 && b == 1 && c == 1;
#else
  return 0;
#endif
}

int glyphlab_release_freed_memory(void) {
#ifdef __GLIBC__
  // With every block on the heap (above), a block freed below the top stays resident: the
  // heap's holes are reused only by requests that fit them. malloc_trim(0) gives the pages of
  // every free chunk back to the system (madvise), wherever the chunk is.
  return malloc_trim(0);
#else
  return 0;
#endif
}
