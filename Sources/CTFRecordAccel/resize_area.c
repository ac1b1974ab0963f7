// Area (box) shrinking of 8-bit images: separable, exact integer weights, 64-bit sums.
//
// In units of 1/dst of a source pixel, output pixel x spans [x·src, (x+1)·src) and source
// pixel i spans [i·dst, (i+1)·dst); their overlap is the integer weight of i in x. The
// weights of one output pixel sum to `src` in each direction, so the full weight is
// src_width · src_height and the result is round(sum / that).

#include "CTFRecordAccel.h"

#include <stdlib.h>
#include <string.h>

/// The source span and integer weights of every output position along one axis.
typedef struct AxisWeights {
    size_t *first;     ///< first source index of output i
    size_t *count;     ///< number of source indices of output i
    size_t *offset;    ///< where output i's weights start in `weight`
    uint64_t *weight;  ///< all weights, output by output
} AxisWeights;

static void axis_weights_free(AxisWeights *axis) {
    free(axis->first);
    free(axis->count);
    free(axis->offset);
    free(axis->weight);
}

/// Fills `axis` for shrinking `src` positions to `dst` (dst <= src). Returns 0 or -1.
static int axis_weights_make(AxisWeights *axis, size_t src, size_t dst) {
    // Each output spans at most src/dst + 2 sources; in all, fewer than src + dst weights.
    axis->first = malloc(dst * sizeof(size_t));
    axis->count = malloc(dst * sizeof(size_t));
    axis->offset = malloc(dst * sizeof(size_t));
    axis->weight = malloc((src + dst) * sizeof(uint64_t));
    if (!axis->first || !axis->count || !axis->offset || !axis->weight) {
        axis_weights_free(axis);
        return -1;
    }
    size_t n = 0;
    for (size_t o = 0; o < dst; o++) {
        uint64_t lo = (uint64_t)o * src, hi = (uint64_t)(o + 1) * src;  // output span, 1/dst units
        size_t i = (size_t)(lo / dst);                                 // first overlapping source
        axis->first[o] = i;
        axis->offset[o] = n;
        for (; (uint64_t)i * dst < hi && i < src; i++) {
            uint64_t a = (uint64_t)i * dst, b = a + dst;
            uint64_t start = a > lo ? a : lo, end = b < hi ? b : hi;
            axis->weight[n++] = end - start;
        }
        axis->count[o] = n - axis->offset[o];
    }
    return 0;
}

/// One source row filtered horizontally: `dst_width * channels` weighted sums.
static void filter_row(const uint8_t *row, size_t channels, const AxisWeights *x_axis, size_t dst_width,
                       uint64_t *out) {
    for (size_t o = 0; o < dst_width; o++) {
        const uint8_t *p = row + x_axis->first[o] * channels;
        const uint64_t *w = x_axis->weight + x_axis->offset[o];
        for (size_t c = 0; c < channels; c++) {
            uint64_t sum = 0;
            for (size_t k = 0; k < x_axis->count[o]; k++) sum += w[k] * p[k * channels + c];
            out[o * channels + c] = sum;
        }
    }
}

int CTFRecordAccel_resize_area_u8(const void *src, size_t src_width, size_t src_height, size_t channels, void *dst,
                                  size_t dst_width, size_t dst_height) {
    if (!src_width || !src_height || !channels || !dst_width || !dst_height) return -1;
    if (dst_width > src_width || dst_height > src_height) return -1;
    // 255 · 2^40 < 2^48: no 64-bit sum can overflow.
    if (src_width >= ((size_t)1 << 40) / src_height) return -1;
    size_t row_values = dst_width * channels;
    AxisWeights x_axis = {0}, y_axis = {0};
    uint64_t *filtered = malloc(row_values * sizeof(uint64_t));  // one source row, filtered
    uint64_t *sums = malloc(row_values * sizeof(uint64_t));      // one output row
    int failed = !filtered || !sums || axis_weights_make(&x_axis, src_width, dst_width) != 0;
    if (!failed && axis_weights_make(&y_axis, src_height, dst_height) != 0) {
        axis_weights_free(&x_axis);
        failed = 1;
    }
    if (failed) {
        free(filtered);
        free(sums);
        return -1;
    }
    const uint8_t *in = (const uint8_t *)src;
    uint8_t *out = (uint8_t *)dst;
    const uint64_t total = (uint64_t)src_width * src_height, half = total / 2;
    size_t filtered_row = SIZE_MAX;  // the source row `filtered` holds (shared by neighbours)
    for (size_t o = 0; o < dst_height; o++) {
        memset(sums, 0, row_values * sizeof(uint64_t));
        const uint64_t *w = y_axis.weight + y_axis.offset[o];
        for (size_t k = 0; k < y_axis.count[o]; k++) {
            size_t row = y_axis.first[o] + k;
            if (row != filtered_row) {
                filter_row(in + row * src_width * channels, channels, &x_axis, dst_width, filtered);
                filtered_row = row;
            }
            for (size_t v = 0; v < row_values; v++) sums[v] += w[k] * filtered[v];
        }
        uint8_t *line = out + o * row_values;
        for (size_t v = 0; v < row_values; v++) line[v] = (uint8_t)((sums[v] + half) / total);
    }
    axis_weights_free(&x_axis);
    axis_weights_free(&y_axis);
    free(filtered);
    free(sums);
    return 0;
}
