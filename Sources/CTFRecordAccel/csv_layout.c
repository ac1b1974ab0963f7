// The byte census behind a CSV file's layout: the commas of its first data line (its field
// count) and whether its first line holds a letter (a header). Also what cuts a wide row into
// runs of whole fields (CSVStreamedRowParser). The first line may be one wide row of tens of MB,
// so this runs at memory speed: AVX2 where the CPU has it (the compiler's own vectorization,
// without -m flags, is SSE2 at about 3.5 GB/s), else a branch-free loop the compiler vectorizes.
// Both count in narrow lanes that are widened before they can overflow.

#include <stdint.h>
#include <stddef.h>

#include "CTFRecordAccel.h"

// The reference, and the tail of the AVX2 path.
static size_t count_commas_scalar(const uint8_t *bytes, size_t length, uint8_t *letters) {
    size_t commas = 0;
    size_t index = 0;
    while (index < length) {
        // 32-bit lanes: a block of at most 2^30 bytes cannot overflow one.
        size_t end = length - index > ((size_t)1 << 30) ? index + ((size_t)1 << 30) : length;
        uint32_t block_commas = 0;
        uint8_t block_letters = 0;
        for (size_t i = index; i < end; i++) {
            uint8_t byte = bytes[i];
            block_commas += byte == ',';
            block_letters |= (uint8_t)((uint8_t)((byte | 0x20) - 'a') < 26);
        }
        commas += block_commas;
        *letters |= block_letters;
        index = end;
    }
    return commas;
}

#if defined(__x86_64__)
#include <immintrin.h>

#define TARGET_AVX2 __attribute__((target("avx2")))

// 255 steps of 32 bytes: a byte lane counts at most one comma a step, so it cannot wrap.
#define STEPS_PER_SUM 255

TARGET_AVX2 static size_t count_commas_avx2(const uint8_t *bytes, size_t length, uint8_t *letters) {
    const __m256i comma = _mm256_set1_epi8(',');
    const __m256i case_bit = _mm256_set1_epi8(0x20);
    const __m256i letter_a = _mm256_set1_epi8('a');
    const __m256i last_letter = _mm256_set1_epi8(25);
    __m256i letter_lanes = _mm256_setzero_si256();
    __m256i sums = _mm256_setzero_si256();
    size_t index = 0;
    while (length - index >= 32) {
        size_t steps = (length - index) / 32;
        if (steps > STEPS_PER_SUM) {
            steps = STEPS_PER_SUM;
        }
        __m256i counts = _mm256_setzero_si256();
        for (size_t step = 0; step < steps; step++, index += 32) {
            __m256i block = _mm256_loadu_si256((const __m256i *)(bytes + index));
            // A match is 0xFF, that is -1: subtracting it counts one.
            counts = _mm256_sub_epi8(counts, _mm256_cmpeq_epi8(block, comma));
            // (byte | 0x20) - 'a' <= 25, unsigned: a letter of either case.
            __m256i offset = _mm256_sub_epi8(_mm256_or_si256(block, case_bit), letter_a);
            letter_lanes = _mm256_or_si256(letter_lanes, _mm256_cmpeq_epi8(_mm256_min_epu8(offset, last_letter), offset));
        }
        sums = _mm256_add_epi64(sums, _mm256_sad_epu8(counts, _mm256_setzero_si256()));
    }
    uint64_t lanes[4];
    _mm256_storeu_si256((__m256i *)lanes, sums);
    *letters |= !_mm256_testz_si256(letter_lanes, letter_lanes);
    return (size_t)(lanes[0] + lanes[1] + lanes[2] + lanes[3]) + count_commas_scalar(bytes + index, length - index, letters);
}
#endif

size_t CTFRecordAccel_csv_count_commas_with(CTFRecordAccel_CSVEngine engine, const void *data, size_t length,
                                           int *has_letter) {
    uint8_t letters = 0;
    size_t commas;
    switch (CTFRecordAccel_csv_engine_resolve(engine)) {
#if defined(__x86_64__)
    case CTFRecordAccel_CSV_AVX2:
        commas = count_commas_avx2(data, length, &letters);
        break;
#endif
    default:
        commas = count_commas_scalar(data, length, &letters);
        break;
    }
    *has_letter = letters != 0;
    return commas;
}

size_t CTFRecordAccel_csv_count_commas(const void *data, size_t length, int *has_letter) {
    return CTFRecordAccel_csv_count_commas_with(CTFRecordAccel_CSV_AUTO, data, length, has_letter);
}
