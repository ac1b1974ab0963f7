// Area (box) shrinking of 8-bit images: separable, exact integer weights, 64-bit sums.
//
// In units of 1/dst of a source pixel, output pixel o spans [o·src, (o+1)·src) and source
// pixel i spans [i·dst, (i+1)·dst); their overlap is the integer weight of i in o. The
// weights of one output pixel sum to `src` in each direction, so the full weight is
// src_width · src_height and the result is round(sum / that), halves up.
//
// Every output position gets the same number of taps along an axis (the most any needs,
// padded with zero weights), so the loops have fixed trip counts: loops of varying length
// cost more in mispredicted exits than the arithmetic. Rows are combined first (contiguous,
// vectorized, 32-bit), then columns of the combined row (64-bit).

#include "CTFRecordAccel.h"

#include <stdlib.h>
#include <string.h>

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
static void add_weighted_row(uint32_t *restrict sums, const uint8_t *restrict row, uint32_t weight, size_t count) {
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

int CTFRecordAccel_resize_area_u8(const void *src, size_t src_width, size_t src_height, size_t channels, void *dst,
                                  size_t dst_width, size_t dst_height) {
    if (!src_width || !src_height || !channels || !dst_width || !dst_height) return -1;
    if (dst_width > src_width || dst_height > src_height) return -1;
    // 255 · 2^40 < 2^48: no 64-bit sum can overflow; a combined row (≤ 255 · src_height)
    // must fit 32 bits.
    if (src_width >= ((size_t)1 << 40) / src_height) return -1;
    if (src_height > UINT32_MAX / 255) return -1;
    size_t src_values = src_width * channels, row_values = dst_width * channels;
    AxisTaps x_axis = {0}, y_axis = {0};
    uint32_t *combined = malloc(src_values * sizeof(uint32_t));  // the source rows of one output row
    uint64_t *sums = malloc(row_values * sizeof(uint64_t));      // one output row
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
    const uint64_t total = (uint64_t)src_width * src_height;
    const size_t taps_y = y_axis.count;
    for (size_t o = 0; o < dst_height; o++) {
        memset(combined, 0, src_values * sizeof(uint32_t));
        for (size_t k = 0; k < taps_y; k++) {
            uint32_t w = y_axis.weight[o * taps_y + k];
            if (!w) continue;
            add_weighted_row(combined, in + (y_axis.first[o] + k) * src_values, w, src_values);
        }
        filter_columns(combined, channels, &x_axis, dst_width, sums);
        emit_row(sums, row_values, total, out + o * row_values);
    }
    axis_taps_free(&x_axis);
    axis_taps_free(&y_axis);
    free(combined);
    free(sums);
    return 0;
}
