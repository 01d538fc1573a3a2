// HDF5 1.10 (serial). Swift cannot import macros that expand to globals or casts
// (H5T_NATIVE_*, H5P_DEFAULT, H5F_ACC_*, H5S_UNLIMITED, ...), so each is wrapped here.
#ifndef GLYPHLAB_CHDF5_SHIM_H
#define GLYPHLAB_CHDF5_SHIM_H
#include <hdf5.h>
#include <hdf5_hl.h>

static inline hid_t glyphlab_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t glyphlab_h5s_all(void) { return H5S_ALL; }
static inline hsize_t glyphlab_h5s_unlimited(void) { return H5S_UNLIMITED; }
static inline hid_t glyphlab_h5e_default(void) { return H5E_DEFAULT; }

static inline unsigned glyphlab_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned glyphlab_h5f_acc_rdwr(void) { return H5F_ACC_RDWR; }
static inline unsigned glyphlab_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned glyphlab_h5f_acc_excl(void) { return H5F_ACC_EXCL; }

static inline hid_t glyphlab_h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t glyphlab_h5p_file_create(void) { return H5P_FILE_CREATE; }
static inline hid_t glyphlab_h5p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t glyphlab_h5p_link_create(void) { return H5P_LINK_CREATE; }
static inline hid_t glyphlab_h5p_dataset_access(void) { return H5P_DATASET_ACCESS; }
static inline size_t glyphlab_h5d_chunk_cache_nslots_default(void) { return H5D_CHUNK_CACHE_NSLOTS_DEFAULT; }
static inline double glyphlab_h5d_chunk_cache_w0_default(void) { return H5D_CHUNK_CACHE_W0_DEFAULT; }
static inline unsigned glyphlab_h5f_obj_all_local(void) { return H5F_OBJ_ALL | H5F_OBJ_LOCAL; }
static inline int glyphlab_h5z_filter_deflate(void) { return H5Z_FILTER_DEFLATE; }

static inline hid_t glyphlab_h5t_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t glyphlab_h5t_native_int8(void) { return H5T_NATIVE_INT8; }
static inline hid_t glyphlab_h5t_native_int16(void) { return H5T_NATIVE_INT16; }
static inline hid_t glyphlab_h5t_native_uint16(void) { return H5T_NATIVE_UINT16; }
static inline hid_t glyphlab_h5t_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t glyphlab_h5t_native_uint32(void) { return H5T_NATIVE_UINT32; }
static inline hid_t glyphlab_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t glyphlab_h5t_native_uint64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t glyphlab_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t glyphlab_h5t_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t glyphlab_h5t_c_s1(void) { return H5T_C_S1; }
static inline size_t glyphlab_h5t_variable(void) { return H5T_VARIABLE; }

/// The boolean type: an enum over int8 with FALSE = 0 and TRUE = 1, which h5py reads as
/// numpy.bool_. Made once and locked (H5Tlock), so it is a library constant like the native
/// types and is never closed. Only the single HDF5 thread calls it.
static inline hid_t glyphlab_h5t_bool(void) {
  static hid_t type = -1;
  if (type < 0) {
    hid_t made = H5Tenum_create(H5T_NATIVE_INT8);
    signed char value = 0;
    H5Tenum_insert(made, "FALSE", &value);
    value = 1;
    H5Tenum_insert(made, "TRUE", &value);
    H5Tlock(made);
    type = made;
  }
  return type;
}

/// The library version, as "major.minor.release".
static inline void glyphlab_h5_version(unsigned *major, unsigned *minor, unsigned *release) {
  H5get_libversion(major, minor, release);
}
#endif
