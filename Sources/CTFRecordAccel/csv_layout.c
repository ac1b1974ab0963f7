// The byte census behind a CSV file's layout: the commas of its first data line (its field
// count) and whether its first line holds a letter (a header). The first line may be one
// wide row of tens of MB, so this runs at memory speed: a branch-free loop that the compiler
// vectorizes, counting in 32-bit lanes (a block of at most 2^30 bytes cannot overflow one).

#include <stdint.h>
#include <stddef.h>

#include "CTFRecordAccel.h"

size_t CTFRecordAccel_csv_count_commas(const void *data, size_t length, int *has_letter) {
    const uint8_t *bytes = data;
    size_t commas = 0;
    uint8_t letters = 0;
    size_t index = 0;
    while (index < length) {
        size_t end = length - index > ((size_t)1 << 30) ? index + ((size_t)1 << 30) : length;
        uint32_t block_commas = 0;
        for (size_t i = index; i < end; i++) {
            uint8_t byte = bytes[i];
            block_commas += byte == ',';
            letters |= (uint8_t)((uint8_t)((byte | 0x20) - 'a') < 26);
        }
        commas += block_commas;
        index = end;
    }
    *has_letter = letters != 0;
    return commas;
}
