// Run-time CPU feature detection for the dispatchers.
//
// The result is computed on first use and cached in an atomic. Two threads may both compute it
// on first use; they compute the same value, so the race is harmless and needs no lock.

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "CTFRecordAccel.h"

#if defined(__x86_64__)
#include <cpuid.h>
#elif defined(__aarch64__) && defined(__linux__)
#include <asm/hwcap.h>
#include <sys/auxv.h>
#endif

// Set in the cache once it holds a result, so that a CPU with no features (mask 0) is not
// probed again on every call. Not a public feature bit.
#define FEATURES_READY (1u << 31)

static _Atomic uint32_t cached_features;

#if defined(__x86_64__)
static uint32_t probe_x86(void) {
    unsigned int eax, ebx, ecx, edx;
    uint32_t features = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) {
        return 0;
    }
    if (ecx & bit_SSE4_2) {
        features |= CTFRecordAccel_CPU_SSE42;
    }
    if (ecx & bit_PCLMUL) {
        features |= CTFRecordAccel_CPU_PCLMUL;
    }
    if (ecx & bit_SSE4_1) {
        features |= CTFRecordAccel_CPU_SSE41;
    }
    // AVX2 needs the OS to save YMM state on context switches, or using it corrupts registers:
    // CPUID says the CPU can, XCR0 says the OS does (XMM and YMM bits both set).
    int os_saves_ymm = 0;
    if ((ecx & bit_OSXSAVE) && (ecx & bit_AVX)) {
        unsigned int xcr0_lo, xcr0_hi;
        // xgetbv spelled as inline asm: the _xgetbv intrinsic would need target("xsave").
        __asm__ volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
        os_saves_ymm = (xcr0_lo & 0x6) == 0x6;
    }
    if (os_saves_ymm && __get_cpuid_max(0, NULL) >= 7) {
        __cpuid_count(7, 0, eax, ebx, ecx, edx);
        if (ebx & bit_AVX2) {
            features |= CTFRecordAccel_CPU_AVX2;
        }
    }
    return features;
}
#endif

#if defined(__aarch64__) && defined(__linux__)
static uint32_t probe_arm64(void) {
    unsigned long hwcap = getauxval(AT_HWCAP);
    uint32_t features = 0;
    if (hwcap & HWCAP_CRC32) {
        features |= CTFRecordAccel_CPU_ARM_CRC;
    }
    if (hwcap & HWCAP_ASIMD) {
        features |= CTFRecordAccel_CPU_NEON;
    }
    if (hwcap & HWCAP_PMULL) {
        features |= CTFRecordAccel_CPU_ARM_PMULL;
    }
    return features;
}
#endif

static uint32_t probe(void) {
    // Lets tests and benchmarks pin every dispatcher to its portable path. Any value but ""
    // and "0" counts as set.
    const char *disable = getenv("TFREC_DISABLE_CPU_FEATURES");
    if (disable != NULL && disable[0] != '\0' && !(disable[0] == '0' && disable[1] == '\0')) {
        return 0;
    }
#if defined(__x86_64__)
    return probe_x86();
#elif defined(__aarch64__) && defined(__linux__)
    return probe_arm64();
#else
    return 0;
#endif
}

uint32_t CTFRecordAccel_cpu_features(void) {
    // Relaxed is enough: the cached word is the whole message, nothing else is published with it.
    uint32_t features = atomic_load_explicit(&cached_features, memory_order_relaxed);
    if (!(features & FEATURES_READY)) {
        features = probe() | FEATURES_READY;
        atomic_store_explicit(&cached_features, features, memory_order_relaxed);
    }
    return features & ~FEATURES_READY;
}
