// Private to CTFRecordAccel: the pieces behind CTFRecordAccel_crc32c().
//
// Every *_update function works on the raw CRC register ("state"): the caller has already
// inverted the incoming CRC and inverts the result, so implementations can be chained and
// mixed freely (the folded variant finishes with the single-stream code, for instance).

#ifndef CTFRECORDACCEL_CRC32C_INTERNAL_H
#define CTFRECORDACCEL_CRC32C_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "CTFRecordAccel.h"

// Not part of the module's interface, even if CTFRecordAccel ends up in a shared library.
#define CTFRECORDACCEL_INTERNAL __attribute__((visibility("hidden")))

/// CRC32C (Castagnoli) polynomial 0x1EDC6F41, bit-reflected: bit i holds the coefficient of x^(31-i).
#define CTFRECORDACCEL_CRC32C_POLY 0x82F63B78u

// Geometry of the three-stream (FOLDED) variants. Each round splits the next 3 * B bytes into
// three consecutive blocks of B bytes, runs one crc32 chain per block and merges the chains
// with carry-less multiplies. B is a multiple of the grain, chosen per round as large as the
// remaining data allows (capped), so that one big round plus a short single-stream tail
// covers medium inputs instead of many small rounds that each pay the merge latency.
#define CTFRECORDACCEL_CRC32C_FOLD_GRAIN 64u        // bytes; B is always a multiple of this
#define CTFRECORDACCEL_CRC32C_FOLD_MAX_GRAINS 128u  // B <= 8 KiB: 24 KiB per round
// B >= 64 bytes: inputs from about 200 bytes up get a round. Measured on Zen 3: the round (plus a
// single-stream tail) beats one stream from there on; requiring 384-byte rounds left 200...400-byte
// inputs at single-stream speed (~8 GB/s instead of 10...14).
#define CTFRECORDACCEL_CRC32C_FOLD_MIN_GRAINS 1u

/// `CTFRecordAccel_crc32c_fold_shift[j - 1]` = x^(8 * 64 * j - 33) mod P, reflected, for
/// j = 1 ... 2 * FOLD_MAX_GRAINS: the multiplier that shifts a CRC register over 64 * j zero
/// bytes with one 32x32 carry-less multiply followed by crc32(0, product), which together
/// multiply by x^33 (see crc32c_x86.c). Literal values, from square-and-multiply with
/// CTFRecordAccel_crc32c_multmodp(); a wrong entry fails the FOLDED-vs-TABLE test that visits
/// every block size (CRC32CTests.everyFoldingBlockSizeMatchesTable).
CTFRECORDACCEL_INTERNAL extern const uint32_t
    CTFRecordAccel_crc32c_fold_shift[2 * CTFRECORDACCEL_CRC32C_FOLD_MAX_GRAINS];

/// Portable slicing-by-8 over raw state.
CTFRECORDACCEL_INTERNAL uint32_t CTFRecordAccel_crc32c_table_update(uint32_t state, const uint8_t *p, size_t n);

/// a(x) * b(x) mod P, both reflected. Software; for combine and for (re)computing constants.
CTFRECORDACCEL_INTERNAL uint32_t CTFRecordAccel_crc32c_multmodp(uint32_t a, uint32_t b);

/// x^(8 * n) mod P, reflected: the operator that moves a CRC register over n zero bytes.
CTFRECORDACCEL_INTERNAL uint32_t CTFRecordAccel_crc32c_x8nmodp(uint64_t n);

#if defined(__x86_64__) || defined(__aarch64__)
/// One crc32-instruction stream (x86-64 SSE4.2 / arm64 CRC). Only call when the CPU has it.
CTFRECORDACCEL_INTERNAL uint32_t CTFRecordAccel_crc32c_hardware_update(uint32_t state, const uint8_t *p, size_t n);

/// Three crc32 streams merged by carry-less multiply (x86-64 SSE4.2 + PCLMUL / arm64 CRC + PMULL).
/// Only call when the CPU has both.
CTFRECORDACCEL_INTERNAL uint32_t CTFRecordAccel_crc32c_folded_update(uint32_t state, const uint8_t *p, size_t n);
#endif

// Unaligned little-endian loads. memcpy keeps them free of alignment and aliasing UB; compilers
// turn each into a single load on the targets we care about.
static inline uint64_t CTFRecordAccel_load_le64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

static inline uint32_t CTFRecordAccel_load_le32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap32(v);
#endif
    return v;
}

static inline uint16_t CTFRecordAccel_load_le16(const uint8_t *p) {
    uint16_t v;
    memcpy(&v, p, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap16(v);
#endif
    return v;
}

#endif  // CTFRECORDACCEL_CRC32C_INTERNAL_H
