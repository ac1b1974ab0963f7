#ifndef COPENCL_SHIM_H
#define COPENCL_SHIM_H
// OpenCL 1.2 API: what PoCL and every GPU vendor's ICD provide. Headers only: nothing links
// libOpenCL; the entry points are looked up with dlopen/dlsym at run time (CLLibrary), and
// cl_icd.h gives their function-pointer types (cl_api_clGetPlatformIDs, …).
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <CL/cl_icd.h>
#endif
