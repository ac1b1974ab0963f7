// Area (box) shrinking of 8-bit images: separable, exact integer weights, 64-bit sums.
//
// In units of 1/dst of a source pixel, output pixel o spans [o·src, (o+1)·src) and source
// pixel i spans [i·dst, (i+1)·dst); their overlap is the integer weight of i in o. The
// weights of one output pixel sum to `src` in each direction, so the full weight is
// src_width · src_height and the result is round(sum / that), halves up.
//
// Rows may be padded (a stride of at least width · channels bytes, as in the planes of a
// decoded JPEG); only width · channels bytes of each are read or written.
//
// Every output position gets the same number of taps along an axis (the most any needs,
// padded with zero weights), so the loops have fixed trip counts: loops of varying length
// cost more in mispredicted exits than the arithmetic. Rows are combined first (contiguous,
// vectorized, 32-bit), then columns of the combined row.
//
// The variants give the same bytes. WIDE sums columns in 64 bits and divides through a double
// reciprocal with integer fix-ups: any size up to 2^40 source pixels. NARROW, for sources
// below 2^23 pixels (4096 x 2047), keeps every sum below 2^31 and divides by one multiply
// and shift that is exact for every sum that can occur (see narrow_divider); its loops are
// 32-bit and vectorize, portably and (NARROW_AVX2) with AVX2: 313x235 -> 256x192 RGB takes
// about 1/6 of WIDE's time.

#include "CTFRecordAccel.h"

#include <stdlib.h>
#include <string.h>

// The row loops below are inlined into one function per instruction set (the portable one, and
// on x86-64 one carrying target("avx2"), reached only when the CPU has AVX2; no -m flags reach
// this file), so that the same loops vectorize with each.
#define ROW_LOOP static inline __attribute__((always_inline))

/// The taps of every output position along one axis: output o reads `count` sources from
/// `first[o]` with weights `weight[o * count ...]` (zero where a source is outside o).
typedef struct AxisTaps {
    size_t count;
    size_t *first;
    uint32_t *weight;
} AxisTaps;

static void axis_taps_free(AxisTaps *axis) {
    free(axis->first);
    free(axis->weight);
}

/// Fills `axis` for shrinking `src` positions to `dst` (dst <= src < 2^32). Returns 0 or -1.
static int axis_taps_make(AxisTaps *axis, size_t src, size_t dst) {
    // An output spans src/dst sources, and touches at most one more partly at each end.
    size_t count = (src + dst - 1) / dst + 1;
    if (count > src) count = src;
    axis->count = count;
    axis->first = malloc(dst * sizeof(size_t));
    axis->weight = calloc(dst * count, sizeof(uint32_t));
    if (!axis->first || !axis->weight) {
        axis_taps_free(axis);
        return -1;
    }
    for (size_t o = 0; o < dst; o++) {
        uint64_t lo = (uint64_t)o * src, hi = (uint64_t)(o + 1) * src;  // output span, 1/dst units
        size_t i = (size_t)(lo / dst);                                 // first overlapping source
        size_t start = i + count <= src ? i : src - count;
        axis->first[o] = start;
        for (; (uint64_t)i * dst < hi && i < src; i++) {
            uint64_t a = (uint64_t)i * dst, b = a + dst;
            uint64_t from = a > lo ? a : lo, to = b < hi ? b : hi;
            axis->weight[o * count + (i - start)] = (uint32_t)(to - from);
        }
    }
    return 0;
}

/// Adds `weight` times each of `count` bytes of `row` to `sums`; `restrict` tells the
/// compiler the byte row cannot alias the sums, so the loop vectorizes.
ROW_LOOP void add_weighted_row(uint32_t *restrict sums, const uint8_t *restrict row, uint32_t weight, size_t count) {
    for (size_t v = 0; v < count; v++) sums[v] += weight * row[v];
}

/// One combined row filtered along x into `sums`.
static void filter_columns(const uint32_t *restrict combined, size_t channels, const AxisTaps *x_axis,
                           size_t dst_width, uint64_t *restrict sums) {
    const size_t taps = x_axis->count;
    if (channels == 3) {
        for (size_t x = 0; x < dst_width; x++) {
            const uint32_t *w = x_axis->weight + x * taps;
            const uint32_t *p = combined + x_axis->first[x] * 3;
            uint64_t r = 0, g = 0, b = 0;
            for (size_t k = 0; k < taps; k++, p += 3) {
                uint64_t weight = w[k];
                r += weight * p[0], g += weight * p[1], b += weight * p[2];
            }
            sums[x * 3] = r, sums[x * 3 + 1] = g, sums[x * 3 + 2] = b;
        }
        return;
    }
    for (size_t x = 0; x < dst_width; x++) {
        const uint32_t *w = x_axis->weight + x * taps;
        const uint32_t *p = combined + x_axis->first[x] * channels;
        for (size_t c = 0; c < channels; c++) {
            uint64_t sum = 0;
            for (size_t k = 0; k < taps; k++) sum += (uint64_t)w[k] * p[k * channels + c];
            sums[x * channels + c] = sum;
        }
    }
}

/// Writes round(sum / total), halves up, of every value of a finished output row.
///
/// Exact without a 64-bit division per value: sums are below 2^48, so the quotient from a
/// multiply by the reciprocal is off by at most one, and one integer check either way fixes it.
static void emit_row(const uint64_t *restrict sums, size_t count, uint64_t total, uint8_t *restrict line) {
    const int64_t divisor = (int64_t)total, half = divisor / 2;
    const double reciprocal = 1.0 / (double)total;
    for (size_t v = 0; v < count; v++) {
        int64_t numerator = (int64_t)sums[v] + half;
        int64_t q = (int64_t)((double)numerator * reciprocal);
        q -= q * divisor > numerator;
        q += (q + 1) * divisor <= numerator;
        line[v] = (uint8_t)q;
    }
}

/// Exact division of the narrow sums by `total`: floor(n / total) == (n * multiplier) >> shift
/// for every 0 <= n <= 255 * total + total / 2 (a rounded sum).
///
/// With 2^shift >= n_max * total and multiplier = ceil(2^shift / total) = (2^shift + e) / total,
/// 0 <= e < total, the product over 2^shift is n / total plus an error below
/// n_max / 2^shift <= 1 / total, too little to reach the next integer. The multiplier is
/// below 2 * n_max, so below 2^32 for totals below 2^23. Returns 0 when the narrow path does
/// not apply (a total of 2^23 or more).
static int narrow_divider(uint64_t total, uint32_t *multiplier, unsigned *shift) {
    if (total == 0 || total >= ((uint64_t)1 << 23)) return 0;
    const uint64_t n_max = 255 * total + total / 2;  // < 2^31
    const uint64_t bound = n_max * total;            // < 2^54
    unsigned s = 0;
    while (((uint64_t)1 << s) < bound) s++;
    const uint64_t m = (((uint64_t)1 << s) + total - 1) / total;
    if (m > UINT32_MAX) return 0;
    *multiplier = (uint32_t)m;
    *shift = s;
    return 1;
}

int CTFRecordAccel_resize_area_narrow_applies(size_t src_width, size_t src_height) {
    uint32_t multiplier;
    unsigned shift;
    if (!src_width || !src_height || src_width > ((size_t)1 << 23) / src_height) return 0;
    return narrow_divider((uint64_t)src_width * src_height, &multiplier, &shift);
}

/// One channel, `TAPS` taps: a fixed trip count the compiler unrolls.
#define FILTER_GRAY_NARROW(TAPS)                                 \
    for (size_t x = 0; x < dst_width; x++) {                     \
        const uint32_t *w = x_axis->weight + x * (TAPS);         \
        const uint32_t *p = combined + x_axis->first[x];         \
        uint32_t sum = 0;                                        \
        for (size_t k = 0; k < (TAPS); k++) sum += w[k] * p[k];  \
        sums[x] = sum;                                           \
    }

/// Three channels, `TAPS` taps: a fixed trip count the compiler unrolls.
#define FILTER_RGB_NARROW(TAPS)                                                     \
    for (size_t x = 0; x < dst_width; x++) {                                        \
        const uint32_t *w = x_axis->weight + x * (TAPS);                            \
        const uint32_t *p = combined + x_axis->first[x] * 3;                        \
        uint32_t r = 0, g = 0, b = 0;                                               \
        for (size_t k = 0; k < (TAPS); k++) {                                       \
            r += w[k] * p[3 * k], g += w[k] * p[3 * k + 1], b += w[k] * p[3 * k + 2]; \
        }                                                                           \
        sums[x * 3] = r, sums[x * 3 + 1] = g, sums[x * 3 + 2] = b;                  \
    }

/// One combined row filtered along x into 32-bit `sums` (every sum is below 2^32 on the
/// narrow path).
ROW_LOOP void filter_columns_narrow(const uint32_t *restrict combined, size_t channels, const AxisTaps *x_axis,
                                  size_t dst_width, uint32_t *restrict sums) {
    const size_t taps = x_axis->count;
// FILTER with the tap counts of shrinking by up to 3x as constants, any other as a variable.
#define BY_TAPS(FILTER)                 \
    switch (taps) {                     \
    case 2: FILTER(2) return;           \
    case 3: FILTER(3) return;           \
    case 4: FILTER(4) return;           \
    default: FILTER(taps) return;       \
    }
    if (channels == 3) BY_TAPS(FILTER_RGB_NARROW)
    if (channels == 1) BY_TAPS(FILTER_GRAY_NARROW)
#undef BY_TAPS
    for (size_t x = 0; x < dst_width; x++) {
        const uint32_t *w = x_axis->weight + x * taps;
        const uint32_t *p = combined + x_axis->first[x] * channels;
        for (size_t c = 0; c < channels; c++) {
            uint32_t sum = 0;
            for (size_t k = 0; k < taps; k++) sum += w[k] * p[k * channels + c];
            sums[x * channels + c] = sum;
        }
    }
}

#undef FILTER_GRAY_NARROW
#undef FILTER_RGB_NARROW

/// Writes round(sum / total), halves up, of every value of a finished output row: one
/// 32 x 32 -> 64-bit multiply and a shift per value (narrow_divider), which vectorizes.
ROW_LOOP void emit_row_narrow(const uint32_t *restrict sums, size_t count, uint32_t half, uint32_t multiplier,
                            unsigned shift, uint8_t *restrict line) {
    for (size_t v = 0; v < count; v++) line[v] = (uint8_t)(((uint64_t)(sums[v] + half) * multiplier) >> shift);
}

/// The combined rows of output row `o` (the y pass) into `combined`.
///
/// Two and three taps (shrinking by up to 2x, the common case) are one pass that writes each
/// sum once; more taps accumulate row by row. Every tap's row exists (axis_taps_make keeps
/// first + count within the source), so a zero weight only multiplies.
ROW_LOOP void combine_rows(const uint8_t *in, size_t src_stride, size_t src_values, const AxisTaps *y_axis, size_t o,
                           uint32_t *restrict combined) {
    const uint32_t *w = y_axis->weight + o * y_axis->count;
    const uint8_t *restrict r0 = in + y_axis->first[o] * src_stride;
    if (y_axis->count == 2) {
        const uint8_t *restrict r1 = r0 + src_stride;
        for (size_t v = 0; v < src_values; v++) combined[v] = w[0] * r0[v] + w[1] * r1[v];
        return;
    }
    if (y_axis->count == 3) {
        const uint8_t *restrict r1 = r0 + src_stride, *restrict r2 = r1 + src_stride;
        for (size_t v = 0; v < src_values; v++) combined[v] = w[0] * r0[v] + w[1] * r1[v] + w[2] * r2[v];
        return;
    }
    memset(combined, 0, src_values * sizeof(uint32_t));
    for (size_t k = 0; k < y_axis->count; k++) {
        if (!w[k]) continue;
        add_weighted_row(combined, r0 + k * src_stride, w[k], src_values);
    }
}

/// What the narrow row loop needs.
typedef struct NarrowJob {
    const uint8_t *in;
    uint8_t *out;
    size_t src_stride, dst_stride, src_values, channels, dst_width, dst_height;
    const AxisTaps *x_axis, *y_axis;
    uint32_t *combined, *sums;
    uint32_t half, multiplier;
    unsigned shift;
} NarrowJob;

ROW_LOOP void narrow_rows(const NarrowJob *job) {
    const size_t row_values = job->dst_width * job->channels;
    for (size_t o = 0; o < job->dst_height; o++) {
        combine_rows(job->in, job->src_stride, job->src_values, job->y_axis, o, job->combined);
        filter_columns_narrow(job->combined, job->channels, job->x_axis, job->dst_width, job->sums);
        emit_row_narrow(job->sums, row_values, job->half, job->multiplier, job->shift, job->out + o * job->dst_stride);
    }
}

static void narrow_rows_portable(const NarrowJob *job) { narrow_rows(job); }

#if defined(__x86_64__)
__attribute__((target("avx2"))) static void narrow_rows_avx2(const NarrowJob *job) { narrow_rows(job); }
#endif

int CTFRecordAccel_resize_variant_available(CTFRecordAccel_ResizeVariant variant) {
    if (variant == CTFRecordAccel_RESIZE_NARROW_AVX2) {
#if defined(__x86_64__)
        return (CTFRecordAccel_cpu_features() & CTFRecordAccel_CPU_AVX2) != 0;
#else
        return 0;
#endif
    }
    return variant == CTFRecordAccel_RESIZE_AUTO || variant == CTFRecordAccel_RESIZE_WIDE
           || variant == CTFRecordAccel_RESIZE_NARROW;
}

int CTFRecordAccel_resize_area_u8(const void *src, size_t src_width, size_t src_height, size_t channels, void *dst,
                                  size_t dst_width, size_t dst_height) {
    return CTFRecordAccel_resize_area_u8_variant(CTFRecordAccel_RESIZE_AUTO, src, src_width, src_height, channels, dst,
                                                 dst_width, dst_height);
}

int CTFRecordAccel_resize_area_u8_variant(CTFRecordAccel_ResizeVariant variant, const void *src, size_t src_width,
                                          size_t src_height, size_t channels, void *dst, size_t dst_width,
                                          size_t dst_height) {
    return CTFRecordAccel_resize_area_u8_strided(variant, src, src_width * channels, src_width, src_height, channels,
                                                 dst, dst_width * channels, dst_width, dst_height);
}

int CTFRecordAccel_resize_area_u8_strided(CTFRecordAccel_ResizeVariant variant, const void *src, size_t src_stride,
                                          size_t src_width, size_t src_height, size_t channels, void *dst,
                                          size_t dst_stride, size_t dst_width, size_t dst_height) {
    if (!src_width || !src_height || !channels || !dst_width || !dst_height) return -1;
    if (src_stride / channels < src_width || dst_stride / channels < dst_width) return -1;
    if (dst_width > src_width || dst_height > src_height) return -1;
    // 255 · 2^40 < 2^48: no 64-bit sum can overflow; a combined row (≤ 255 · src_height)
    // must fit 32 bits.
    if (src_width >= ((size_t)1 << 40) / src_height) return -1;
    if (src_height > UINT32_MAX / 255) return -1;
    const uint64_t total = (uint64_t)src_width * src_height;
    uint32_t multiplier = 0;
    unsigned shift = 0;
    const int narrow = variant != CTFRecordAccel_RESIZE_WIDE && narrow_divider(total, &multiplier, &shift);
    size_t src_values = src_width * channels, row_values = dst_width * channels;
    AxisTaps x_axis = {0}, y_axis = {0};
    uint32_t *combined = malloc(src_values * sizeof(uint32_t));  // the source rows of one output row
    void *sums = malloc(row_values * (narrow ? sizeof(uint32_t) : sizeof(uint64_t)));  // one output row's sums
    int failed = !combined || !sums || axis_taps_make(&x_axis, src_width, dst_width) != 0;
    if (!failed && axis_taps_make(&y_axis, src_height, dst_height) != 0) {
        axis_taps_free(&x_axis);
        failed = 1;
    }
    if (failed) {
        free(combined);
        free(sums);
        return -1;
    }
    const uint8_t *in = (const uint8_t *)src;
    uint8_t *out = (uint8_t *)dst;
    if (narrow) {
        const NarrowJob job = {in,        out,     src_stride, dst_stride, src_values, channels,
                               dst_width, dst_height, &x_axis, &y_axis, combined,   sums,
                               (uint32_t)(total / 2), multiplier, shift};
#if defined(__x86_64__)
        const int avx2 = (variant == CTFRecordAccel_RESIZE_AUTO || variant == CTFRecordAccel_RESIZE_NARROW_AVX2)
                         && CTFRecordAccel_resize_variant_available(CTFRecordAccel_RESIZE_NARROW_AVX2);
        if (avx2) narrow_rows_avx2(&job); else narrow_rows_portable(&job);
#else
        narrow_rows_portable(&job);
#endif
    } else {
        for (size_t o = 0; o < dst_height; o++) {
            combine_rows(in, src_stride, src_values, &y_axis, o, combined);
            filter_columns(combined, channels, &x_axis, dst_width, sums);
            emit_row(sums, row_values, total, out + o * dst_stride);
        }
    }
    axis_taps_free(&x_axis);
    axis_taps_free(&y_axis);
    free(combined);
    free(sums);
    return 0;
}
