// CRC32C on arm64 with the ARMv8 CRC32 instructions, and three crc32c streams merged by PMULL.
//
// Same scheme and constants as crc32c_x86.c (see the derivation there): __crc32cd is the same
// operation as SSE4.2's crc32 r64 and vmull_p64 the same carry-less multiply as PCLMULQDQ, with
// the same bit order. No -march flags reach this file: each function carries a target attribute
// and is reached only through the dispatcher's getauxval check.

#if defined(__aarch64__)

#include <arm_acle.h>
#include <arm_neon.h>

#include "crc32c_internal.h"

// GCC spells AArch64 target features "+feature"; clang accepts that too.
#define TARGET_CRC __attribute__((target("+crc")))
#define TARGET_CRC_PMULL __attribute__((target("+crc+crypto")))

// Longer inputs first step to an 8-byte boundary so that no word load splits a cache line. That
// measured as a wash on Zen 3 (split loads are cheap there) but costs at most three crc32 steps per
// call, and split loads are dearer on older cores. Shorter inputs skip it: there the extra steps
// would be a real share of the work.
#define ALIGN_THRESHOLD 64

TARGET_CRC static inline uint32_t crc_bytes(uint32_t state, const uint8_t *p, size_t n) {
    if (n & 4) {
        state = __crc32cw(state, CTFRecordAccel_load_le32(p));
        p += 4;
    }
    if (n & 2) {
        state = __crc32ch(state, CTFRecordAccel_load_le16(p));
        p += 2;
    }
    if (n & 1) {
        state = __crc32cb(state, *p);
    }
    return state;
}

TARGET_CRC static inline size_t crc_align(uint32_t *state, const uint8_t *p) {
    size_t head = (size_t)(-(uintptr_t)p & 7);
    *state = crc_bytes(*state, p, head);
    return head;
}

TARGET_CRC static inline uint32_t crc_single_stream(uint32_t state, const uint8_t *p, size_t n) {
    if (n >= ALIGN_THRESHOLD) {
        size_t head = crc_align(&state, p);
        p += head;
        n -= head;
    }
    while (n >= 8) {
        state = __crc32cd(state, CTFRecordAccel_load_le64(p));
        p += 8;
        n -= 8;
    }
    return crc_bytes(state, p, n);
}

TARGET_CRC uint32_t CTFRecordAccel_crc32c_hardware_update(uint32_t state, const uint8_t *p, size_t n) {
    return crc_single_stream(state, p, n);
}

TARGET_CRC_PMULL static inline uint64_t clmul32(uint32_t a, uint32_t b) {
    poly128_t product = vmull_p64((poly64_t)a, (poly64_t)b);
    return vgetq_lane_u64(vreinterpretq_u64_p128(product), 0);
}

// shift(a, 2L) ^ shift(b, L) with k2 = x^(16L - 33), k1 = x^(8L - 33); see crc32c_x86.c.
TARGET_CRC_PMULL static inline uint32_t shift2(uint32_t a, uint32_t k2, uint32_t b, uint32_t k1) {
    return __crc32cd(0, clmul32(a, k2) ^ clmul32(b, k1));
}

// The rounds, kept out of line so that short inputs take the single-stream path in
// CTFRecordAccel_crc32c_folded_update without this function's register saves and setup.
TARGET_CRC_PMULL __attribute__((noinline)) static uint32_t folded_rounds(uint32_t state, const uint8_t *p, size_t n) {
    const size_t grain = CTFRECORDACCEL_CRC32C_FOLD_GRAIN;
    const size_t min_round = 3 * grain * CTFRECORDACCEL_CRC32C_FOLD_MIN_GRAINS;
    size_t head = crc_align(&state, p);
    p += head;
    n -= head;
    while (n >= min_round) {
        size_t grains = n / (3 * grain);
        if (grains > CTFRECORDACCEL_CRC32C_FOLD_MAX_GRAINS) {
            grains = CTFRECORDACCEL_CRC32C_FOLD_MAX_GRAINS;
        }
        const size_t block = grains * grain;
        const uint8_t *end = p + block;
        uint32_t crc0 = state, crc1 = 0, crc2 = 0;
        // The block is a whole number of grains, so the loop can step a grain per stream and pay its
        // counter and branch once per 24 crc32s instead of once per 3.
        do {
            for (size_t i = 0; i < grain; i += 8) {
                crc0 = __crc32cd(crc0, CTFRecordAccel_load_le64(p + i));
                crc1 = __crc32cd(crc1, CTFRecordAccel_load_le64(p + block + i));
                crc2 = __crc32cd(crc2, CTFRecordAccel_load_le64(p + 2 * block + i));
            }
            p += grain;
        } while (p != end);
        state = shift2(crc0, CTFRecordAccel_crc32c_fold_shift[2 * grains - 1], crc1,
                       CTFRecordAccel_crc32c_fold_shift[grains - 1]) ^
                crc2;
        p += 2 * block;
        n -= 3 * block;
    }
    return crc_single_stream(state, p, n);
}

TARGET_CRC_PMULL uint32_t CTFRecordAccel_crc32c_folded_update(uint32_t state, const uint8_t *p, size_t n) {
    // + 7: room for the alignment head, so that the rounds always get at least one full round.
    if (n < 3 * CTFRECORDACCEL_CRC32C_FOLD_GRAIN * CTFRECORDACCEL_CRC32C_FOLD_MIN_GRAINS + 7) {
        return crc_single_stream(state, p, n);
    }
    return folded_rounds(state, p, n);
}

#else

// ISO C forbids an empty translation unit.
typedef int CTFRecordAccel_crc32c_arm_unused;

#endif
