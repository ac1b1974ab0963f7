#ifndef CSTBIMAGE_SHIM_H
#define CSTBIMAGE_SHIM_H
// Declarations only: Debian's libstb.so holds the implementation.
#include <stb/stb_image.h>
#endif
