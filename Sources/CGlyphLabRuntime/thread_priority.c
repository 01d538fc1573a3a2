// The calling thread's scheduling priority (Linux: nice is per thread).
#define _GNU_SOURCE
#include <errno.h>
#include <sys/resource.h>
#include <unistd.h>

#include "glyphlab_runtime.h"

int glyphlab_lower_thread_priority(int by) {
#ifdef __linux__
  id_t thread = (id_t)gettid();
  errno = 0;
  int current = getpriority(PRIO_PROCESS, thread);
  if (current == -1 && errno != 0) return 0;
  int lowered = current + (by > 0 ? by : 0);
  if (lowered > 19) lowered = 19;
  return setpriority(PRIO_PROCESS, thread, lowered) == 0;
#else
  (void)by;
  return 0;
#endif
}
