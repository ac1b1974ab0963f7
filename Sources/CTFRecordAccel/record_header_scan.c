// Resynchronization in damaged record files: the first offset with a header that verifies.

#include "crc32c_internal.h"

// TensorFlow's masking of stored CRCs (crc32c::Mask).
static inline uint32_t mask_crc(uint32_t crc) {
    return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

size_t CTFRecordAccel_find_record_header(const void *data, size_t count, uint64_t room, uint64_t *length) {
    const uint8_t *bytes = (const uint8_t *)data;
    if (count < 12) {
        return SIZE_MAX;
    }
    for (size_t i = 0; i + 12 <= count && i <= room; i++) {
        const uint32_t stored = CTFRecordAccel_load_le32(bytes + i + 8);
        // One 8-byte CRC per offset; AUTO resolves to the crc32 instruction where there is one.
        if (mask_crc(CTFRecordAccel_crc32c(CTFRecordAccel_CRC32C_AUTO, 0, bytes + i, 8)) != stored) {
            continue;
        }
        const uint64_t announced = CTFRecordAccel_load_le64(bytes + i);
        if (announced <= room - i) {
            *length = announced;
            return i;
        }
    }
    return SIZE_MAX;
}
