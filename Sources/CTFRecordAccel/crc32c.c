// CRC32C entry points: variant dispatch and combine.

#include <stdatomic.h>

#include "crc32c_internal.h"

// FOLDED needs the instructions of HARDWARE plus a 64-bit carry-less multiply.
#if defined(__x86_64__)
#define HARDWARE_FEATURES ((uint32_t)CTFRecordAccel_CPU_SSE42)
#define FOLDED_FEATURES ((uint32_t)(CTFRecordAccel_CPU_SSE42 | CTFRecordAccel_CPU_PCLMUL))
#elif defined(__aarch64__)
#define HARDWARE_FEATURES ((uint32_t)CTFRecordAccel_CPU_ARM_CRC)
#define FOLDED_FEATURES ((uint32_t)(CTFRecordAccel_CPU_ARM_CRC | CTFRecordAccel_CPU_ARM_PMULL))
#endif

static int has_all(uint32_t features, uint32_t wanted) {
    return (features & wanted) == wanted;
}

int CTFRecordAccel_crc32c_variant_available(CTFRecordAccel_CRC32CVariant variant) {
    switch (variant) {
    case CTFRecordAccel_CRC32C_TABLE:
    case CTFRecordAccel_CRC32C_AUTO:
        return 1;
#if defined(HARDWARE_FEATURES)
    case CTFRecordAccel_CRC32C_HARDWARE:
        return has_all(CTFRecordAccel_cpu_features(), HARDWARE_FEATURES);
    case CTFRecordAccel_CRC32C_FOLDED:
        return has_all(CTFRecordAccel_cpu_features(), FOLDED_FEATURES);
#endif
    default:
        // Includes out-of-range values that arrive through the C ABI.
        return 0;
    }
}

typedef uint32_t (*update_fn)(uint32_t state, const uint8_t *p, size_t n);

static update_fn resolve(CTFRecordAccel_CRC32CVariant variant) {
#if defined(HARDWARE_FEATURES)
    uint32_t features = CTFRecordAccel_cpu_features();
    switch (variant) {
    case CTFRecordAccel_CRC32C_AUTO:
        // FOLDED runs short inputs on one stream itself, so AUTO loses nothing on small records.
        if (has_all(features, FOLDED_FEATURES)) {
            return CTFRecordAccel_crc32c_folded_update;
        }
        if (has_all(features, HARDWARE_FEATURES)) {
            return CTFRecordAccel_crc32c_hardware_update;
        }
        break;
    case CTFRecordAccel_CRC32C_FOLDED:
        if (has_all(features, FOLDED_FEATURES)) {
            return CTFRecordAccel_crc32c_folded_update;
        }
        break;
    case CTFRecordAccel_CRC32C_HARDWARE:
        if (has_all(features, HARDWARE_FEATURES)) {
            return CTFRecordAccel_crc32c_hardware_update;
        }
        break;
    default:
        break;
    }
#else
    (void)variant;
#endif
    return CTFRecordAccel_crc32c_table_update;
}

// The resolved implementation per variant, filled on first use. Threads that race on the first
// call store the same pointer, and a pointer needs nothing else published with it, hence relaxed.
// This keeps the per-call cost at one load and one indirect call, which matters for the 8-byte
// length header of every record.
static _Atomic(update_fn) resolved[CTFRecordAccel_CRC32C_AUTO + 1];

// Out of line so that the per-call path needs no register saves.
__attribute__((noinline, cold)) static update_fn resolve_and_cache(unsigned index) {
    update_fn update = resolve((CTFRecordAccel_CRC32CVariant)index);
    atomic_store_explicit(&resolved[index], update, memory_order_relaxed);
    return update;
}

uint32_t CTFRecordAccel_crc32c(CTFRecordAccel_CRC32CVariant variant, uint32_t crc, const void *data, size_t length) {
    // Swift passes a nil base address for empty buffers.
    if (length == 0) {
        return crc;
    }
    // Out-of-range values from the C ABI fall back to TABLE, like any unavailable variant.
    unsigned index = (unsigned)variant <= CTFRecordAccel_CRC32C_AUTO ? (unsigned)variant : CTFRecordAccel_CRC32C_TABLE;
    update_fn update = atomic_load_explicit(&resolved[index], memory_order_relaxed);
    if (update == NULL) {
        update = resolve_and_cache(index);
    }
    return ~update(~crc, (const uint8_t *)data, length);
}

// MARK: - GF(2) polynomial arithmetic modulo P (zlib's crc32_combine technique)

uint32_t CTFRecordAccel_crc32c_multmodp(uint32_t a, uint32_t b) {
    // Reflected: bit 31 is x^0. Walk a's terms from x^0 up, multiplying b by x at each step.
    uint32_t product = 0;
    for (uint32_t m = 1u << 31; m != 0; m >>= 1) {
        if (a & m) {
            product ^= b;
        }
        b = (b & 1) ? (b >> 1) ^ CTFRECORDACCEL_CRC32C_POLY : b >> 1;
    }
    return product;
}

// x2n[k] = x^(2^k) mod P. Squaring the last entry gives x again: x^(2^31) = x mod P, i.e. x has
// order 2^31 - 1 (a prime) modulo P. Hence x^(2^k) = x2n[k mod 31] for every k, and 31 entries
// serve 64-bit lengths. The tests check combine at lengths far past 2^31 against plain
// square-and-multiply.
static const uint32_t x2n[31] = {
    0x40000000, 0x20000000, 0x08000000, 0x00800000, 0x00008000, 0x82f63b78, 0x6ea2d55c, 0x18b8ea18,
    0x510ac59a, 0xb82be955, 0xb8fdb1e7, 0x88e56f72, 0x74c360a4, 0xe4172b16, 0x0d65762a, 0x35d73a62,
    0x28461564, 0xbf455269, 0xe2ea32dc, 0xfe7740e6, 0xf946610b, 0x3c204f8f, 0x538586e3, 0x59726915,
    0x734d5309, 0xbc1ac763, 0x7d0722cc, 0xd289cabe, 0xe94ca9bc, 0x05b74f3f, 0xa51e1f42,
};

uint32_t CTFRecordAccel_crc32c_x8nmodp(uint64_t n) {
    // x^(8n) = product of x^(2^(k+3)) over the set bits k of n.
    uint32_t result = 1u << 31;
    unsigned k = 3;
    while (n != 0) {
        if (n & 1) {
            result = CTFRecordAccel_crc32c_multmodp(x2n[k % 31], result);
        }
        n >>= 1;
        k++;
    }
    return result;
}

uint32_t CTFRecordAccel_crc32c_combine(uint32_t crcA, uint32_t crcB, uint64_t lengthB) {
    // The pre/post inversions cancel out: crc(A || B) = crcA * x^(8 * lengthB) ^ crcB.
    return CTFRecordAccel_crc32c_multmodp(CTFRecordAccel_crc32c_x8nmodp(lengthB), crcA) ^ crcB;
}
