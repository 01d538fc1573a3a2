// libbz2, to read Unihan's .txt.bz2 files from Debian's unicode-data package.
#ifndef GLYPHLAB_CBZIP2_SHIM_H
#define GLYPHLAB_CBZIP2_SHIM_H
#include <stdio.h>
#include <bzlib.h>
#endif
