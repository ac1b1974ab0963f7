// CRC32C on x86-64 with the SSE4.2 crc32 instruction, and three crc32 streams merged by PCLMULQDQ.
//
// No -m flags reach this file (SwiftPM, no unsafeFlags): every function that uses the instructions
// carries its own target attribute and is reached only through the dispatcher's CPUID check.
//
// Why three streams: crc32 r64 has a latency of 3 cycles but issues every cycle, so one dependent
// chain uses a third of the unit. Three chains over three consecutive blocks A, B, C (length L each)
// keep it busy; with s(X) the register after X (A's chain starts from the caller's state, B's and
// C's from 0), linearity gives
//     s(A || B || C) = shift(s(A), 2L) ^ shift(s(B), L) ^ s(C),   shift(c, n) = c * x^(8n) mod P.
// shift is one carry-less multiply and one crc32: for reflected 32-bit polynomials a, b, bit m of
// clmul(a, b) holds the coefficient of x^(62-m) of a*b; crc32_u64(0, v) reads bit m of v as x^(63-m)
// and returns v(x) * x^32 mod P, so crc32_u64(0, clmul(a, b)) = a * b * x^33 mod P. Taking
// b = x^(8n - 33) mod P (CTFRecordAccel_crc32c_fold_shift) yields shift(a, n). Both products are
// XORed before the single crc32, which is linear too.

#if defined(__x86_64__)

#include <immintrin.h>

#include "crc32c_internal.h"

#define TARGET_CRC __attribute__((target("sse4.2")))
#define TARGET_CRC_CLMUL __attribute__((target("sse4.2,pclmul")))

// Longer inputs first step to an 8-byte boundary so that no word load splits a cache line. That
// measured as a wash on Zen 3 (split loads are cheap there) but costs at most three crc32 steps per
// call, and split loads are dearer on older cores. Shorter inputs skip it: there the extra steps
// would be a real share of the work.
#define ALIGN_THRESHOLD 64

TARGET_CRC static inline uint32_t crc_bytes(uint32_t state, const uint8_t *p, size_t n) {
    // n < 8 here; at most three dependent steps.
    if (n & 4) {
        state = _mm_crc32_u32(state, CTFRecordAccel_load_le32(p));
        p += 4;
    }
    if (n & 2) {
        state = _mm_crc32_u16(state, CTFRecordAccel_load_le16(p));
        p += 2;
    }
    if (n & 1) {
        state = _mm_crc32_u8(state, *p);
    }
    return state;
}

// Processes bytes up to the next 8-byte boundary; returns how many it took.
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
    uint64_t crc = state;
    while (n >= 8) {
        crc = _mm_crc32_u64(crc, CTFRecordAccel_load_le64(p));
        p += 8;
        n -= 8;
    }
    return crc_bytes((uint32_t)crc, p, n);
}

TARGET_CRC uint32_t CTFRecordAccel_crc32c_hardware_update(uint32_t state, const uint8_t *p, size_t n) {
    return crc_single_stream(state, p, n);
}

// shift(a, 2L) ^ shift(b, L) with k2 = x^(16L - 33), k1 = x^(8L - 33); see the top of the file.
TARGET_CRC_CLMUL static inline uint32_t shift2(uint32_t a, uint32_t k2, uint32_t b, uint32_t k1) {
    __m128i pa = _mm_clmulepi64_si128(_mm_cvtsi32_si128((int)a), _mm_cvtsi32_si128((int)k2), 0x00);
    __m128i pb = _mm_clmulepi64_si128(_mm_cvtsi32_si128((int)b), _mm_cvtsi32_si128((int)k1), 0x00);
    return (uint32_t)_mm_crc32_u64(0, (uint64_t)_mm_cvtsi128_si64(_mm_xor_si128(pa, pb)));
}

// The rounds, kept out of line so that short inputs take the single-stream path in
// CTFRecordAccel_crc32c_folded_update without this function's register saves and setup.
TARGET_CRC_CLMUL __attribute__((noinline)) static uint32_t folded_rounds(uint32_t state, const uint8_t *p, size_t n) {
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
        uint64_t crc0 = state, crc1 = 0, crc2 = 0;
        // The block is a whole number of grains, so the loop can step a grain per stream and pay its
        // counter and branch once per 24 crc32s instead of once per 3.
        do {
            for (size_t i = 0; i < grain; i += 8) {
                crc0 = _mm_crc32_u64(crc0, CTFRecordAccel_load_le64(p + i));
                crc1 = _mm_crc32_u64(crc1, CTFRecordAccel_load_le64(p + block + i));
                crc2 = _mm_crc32_u64(crc2, CTFRecordAccel_load_le64(p + 2 * block + i));
            }
            p += grain;
        } while (p != end);
        state = shift2((uint32_t)crc0, CTFRecordAccel_crc32c_fold_shift[2 * grains - 1], (uint32_t)crc1,
                       CTFRecordAccel_crc32c_fold_shift[grains - 1]) ^
                (uint32_t)crc2;
        p += 2 * block;
        n -= 3 * block;
    }
    return crc_single_stream(state, p, n);
}

TARGET_CRC_CLMUL uint32_t CTFRecordAccel_crc32c_folded_update(uint32_t state, const uint8_t *p, size_t n) {
    // + 7: room for the alignment head, so that the rounds always get at least one full round.
    if (n < 3 * CTFRECORDACCEL_CRC32C_FOLD_GRAIN * CTFRECORDACCEL_CRC32C_FOLD_MIN_GRAINS + 7) {
        return crc_single_stream(state, p, n);
    }
    return folded_rounds(state, p, n);
}

#else

// ISO C forbids an empty translation unit.
typedef int CTFRecordAccel_crc32c_x86_unused;

#endif
