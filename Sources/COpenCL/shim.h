#ifndef COPENCL_SHIM_H
#define COPENCL_SHIM_H
// OpenCL 1.2 API: what PoCL and every GPU vendor's ICD provide.
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#endif
