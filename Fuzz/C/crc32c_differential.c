// libFuzzer target `crc32c_differential`: every CRC32C variant against the portable table reference.
//
// For each input: TABLE, HARDWARE, FOLDED and AUTO (those this CPU has) over the whole input and from an
// unaligned start, chained across a split point chosen by the input, and `crc32c_combine` of the two
// halves. Any difference aborts.
//
// Built by scripts/fuzz with the toolchain clang, straight from Sources/CTFRecordAccel.

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "CTFRecordAccel.h"

static const CTFRecordAccel_CRC32CVariant variants[] = {
    CTFRecordAccel_CRC32C_HARDWARE,
    CTFRecordAccel_CRC32C_FOLDED,
    CTFRecordAccel_CRC32C_AUTO,
};
static const char *const variant_names[] = {"HARDWARE", "FOLDED", "AUTO"};

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    // HARDWARE and FOLDED fall back to TABLE where the CPU lacks them, which would compare TABLE with
    // itself: say what is really compared, and refuse to run with nothing to compare.
    int available = 0;
    for (size_t i = 0; i < 2; i++) {
        if (CTFRecordAccel_crc32c_variant_available(variants[i])) {
            fprintf(stderr, "crc32c_differential: comparing %s with TABLE\n", variant_names[i]);
            available++;
        }
    }
    if (available == 0) {
        fprintf(stderr, "crc32c_differential: this CPU has no hardware CRC32C (or TFREC_DISABLE_CPU_FEATURES is set)\n");
        exit(1);
    }
    return 0;
}

static void mismatch(const char *what, const char *variant, uint32_t expected, uint32_t actual, size_t length) {
    fprintf(stderr, "crc32c_differential: %s: %s gives 0x%08x, TABLE 0x%08x (%zu bytes)\n", what, variant, actual,
            expected, length);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 6) {
        return -1;
    }
    // Bytes 0-3: the CRC to extend (0 is how every record starts); byte 4: the split point's share of the
    // rest; byte 5: how far into the rest the unaligned run starts.
    uint32_t seed = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 | (uint32_t)data[3] << 24;
    // The data in a buffer of its own: ASan then sees a read before its start too, not only past
    // its end (the wide loads of the hardware variants).
    size_t length = size - 6;
    uint8_t *bytes = malloc(length);
    if (bytes == NULL) {
        abort();
    }
    memcpy(bytes, data + 6, length);
    size_t split = length * data[4] / 255;
    size_t skip = length < 64 ? length * (data[5] & 63) / 64 : (size_t)(data[5] & 63);

    uint32_t reference = CTFRecordAccel_crc32c(CTFRecordAccel_CRC32C_TABLE, seed, bytes, length);
    uint32_t reference_from_zero = CTFRecordAccel_crc32c(CTFRecordAccel_CRC32C_TABLE, 0, bytes, length);
    uint32_t reference_skipped = CTFRecordAccel_crc32c(CTFRecordAccel_CRC32C_TABLE, seed, bytes + skip, length - skip);
    uint32_t head = CTFRecordAccel_crc32c(CTFRecordAccel_CRC32C_TABLE, seed, bytes, split);
    uint32_t chained = CTFRecordAccel_crc32c(CTFRecordAccel_CRC32C_TABLE, head, bytes + split, length - split);
    if (chained != reference) {
        mismatch("chained across the split", "TABLE", reference, chained, length);
    }
    uint32_t tail = CTFRecordAccel_crc32c(CTFRecordAccel_CRC32C_TABLE, 0, bytes + split, length - split);
    uint32_t combined = CTFRecordAccel_crc32c_combine(head, tail, length - split);
    if (combined != reference) {
        mismatch("combine of the two halves", "TABLE", reference, combined, length);
    }

    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
        CTFRecordAccel_CRC32CVariant v = variants[i];
        const char *name = variant_names[i];
        uint32_t whole = CTFRecordAccel_crc32c(v, seed, bytes, length);
        if (whole != reference) {
            mismatch("whole input", name, reference, whole, length);
        }
        uint32_t from_zero = CTFRecordAccel_crc32c(v, 0, bytes, length);
        if (from_zero != reference_from_zero) {
            mismatch("whole input from 0", name, reference_from_zero, from_zero, length);
        }
        uint32_t skipped = CTFRecordAccel_crc32c(v, seed, bytes + skip, length - skip);
        if (skipped != reference_skipped) {
            mismatch("unaligned start", name, reference_skipped, skipped, length - skip);
        }
        uint32_t first = CTFRecordAccel_crc32c(v, seed, bytes, split);
        uint32_t second = CTFRecordAccel_crc32c(v, first, bytes + split, length - split);
        if (second != reference) {
            mismatch("chained across the split", name, reference, second, length);
        }
    }
    free(bytes);
    return 0;
}
