// OpenBLAS's CBLAS interface, plus its runtime queries (core name, threads).
#ifndef GLYPHLAB_CBLAS_SHIM_H
#define GLYPHLAB_CBLAS_SHIM_H
#include <cblas.h>
#endif
