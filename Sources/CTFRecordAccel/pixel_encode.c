// Pixel encodings of the image feature. Plain loops: compilers vectorize the widening
// (pmovzxbq / uxtl) at -O2 without any target attribute, so no dispatch is needed.

#include "CTFRecordAccel.h"

#include <string.h>

void CTFRecordAccel_widen_u8_to_i64le(const uint8_t *pixels, size_t count, void *out) {
    uint8_t *bytes = (uint8_t *)out;
    for (size_t i = 0; i < count; i++) {
        // Byte stores keep this little-endian on every host and alignment-free.
        uint64_t value = pixels[i];
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        memcpy(bytes + 8 * i, &value, 8);
#else
        for (int b = 0; b < 8; b++) bytes[8 * i + b] = (uint8_t)(value >> (8 * b));
#endif
    }
}

size_t CTFRecordAccel_write_u8_varints(const uint8_t *pixels, size_t count, void *out) {
    uint8_t *bytes = (uint8_t *)out;
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        // Values >= 128 already have the continuation bit set in their low 7-bit group,
        // and their high group is 1.
        uint8_t value = pixels[i];
        bytes[n++] = value;
        if (value & 0x80) bytes[n++] = 1;
    }
    return n;
}
