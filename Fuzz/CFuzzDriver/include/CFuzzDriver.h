// libFuzzer's entry for programs that have their own main (Swift executables always do):
// it parses libFuzzer's flags from argv and runs `callback` on each input.
#ifndef GLYPHLAB_CFUZZDRIVER_H
#define GLYPHLAB_CFUZZDRIVER_H
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
#endif
