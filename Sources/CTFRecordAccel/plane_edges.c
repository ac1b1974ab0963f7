// Edge extension of one 8-bit plane into its padding (see CTFRecordAccel_plane_extend_edges).

#include "CTFRecordAccel.h"

#include <string.h>

int CTFRecordAccel_plane_extend_edges(void *plane, size_t stride, size_t width, size_t height, size_t padded_width,
                                      size_t padded_height) {
    if (!width || !height || width > padded_width || height > padded_height || stride < padded_width) return -1;
    uint8_t *rows = (uint8_t *)plane;
    if (padded_width > width) {
        for (size_t y = 0; y < height; y++) {
            uint8_t *row = rows + y * stride;
            memset(row + width, row[width - 1], padded_width - width);
        }
    }
    const uint8_t *last = rows + (height - 1) * stride;
    for (size_t y = height; y < padded_height; y++) memcpy(rows + y * stride, last, padded_width);
    return 0;
}
