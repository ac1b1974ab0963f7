// CSV fast rows with SSE4.1: 16 bytes per vector, four vectors per step.
//
// No -m flags reach this file (SwiftPM, no unsafeFlags): the functions carry target("sse4.1"), which brings
// SSSE3's pshufb, and are reached only through the dispatcher's CPUID check.
//
// The algorithm is csv_avx2.c's at half the vector width; the comments there explain it.

#if defined(__x86_64__)

#include <immintrin.h>

#include "csv_internal.h"

#define TARGET_SSE41 __attribute__((target("sse4.1")))

// Bytes per step: four vectors amortize the mask bookkeeping over 64 bytes.
#define STEP 64

typedef struct {
    __m128i values;     // at a separator: the value of the field it closes
    __m128i separator;  // 0xFF at ',' and '\n'
    uint32_t newlines;
    uint32_t separators;
    uint32_t good;
    uint32_t closable;  // where a separator would close a valid field (for a "\r\n" row end)
} Classified;

TARGET_SSE41 static inline Classified classify(const uint8_t *block) {
    const __m128i x0 = _mm_loadu_si128((const __m128i *)block);
    const __m128i x1 = _mm_loadu_si128((const __m128i *)(block - 1));
    const __m128i x2 = _mm_loadu_si128((const __m128i *)(block - 2));
    const __m128i x3 = _mm_loadu_si128((const __m128i *)(block - 3));
    const __m128i x4 = _mm_loadu_si128((const __m128i *)(block - 4));
    const __m128i below_zero = _mm_set1_epi8('0' - 1);
    const __m128i above_nine = _mm_set1_epi8('9' + 1);
    const __m128i tens_table = _mm_setr_epi8(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 0, 0, 0, 0, 0, 0);
    const __m128i hundreds_saturating = _mm_setr_epi8(0, 100, (char)200, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0);
    const __m128i hundreds_wrapping = _mm_setr_epi8(0, 100, (char)200, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0);

    const __m128i digit0 = _mm_and_si128(_mm_cmpgt_epi8(x0, below_zero), _mm_cmpgt_epi8(above_nine, x0));
    const __m128i newline = _mm_cmpeq_epi8(x0, _mm_set1_epi8('\n'));
    const __m128i separator = _mm_or_si128(_mm_cmpeq_epi8(x0, _mm_set1_epi8(',')), newline);
    const __m128i digit1 = _mm_cmpgt_epi8(x1, below_zero);
    const __m128i digit2 = _mm_cmpgt_epi8(x2, below_zero);
    const __m128i digit3 = _mm_cmpgt_epi8(x3, below_zero);
    const __m128i digit4 = _mm_cmpgt_epi8(x4, below_zero);

    const __m128i ones = _mm_sub_epi8(x1, _mm_set1_epi8('0'));
    const __m128i tens = _mm_shuffle_epi8(tens_table, x2);
    const __m128i hundreds_index = _mm_and_si128(x3, digit2);
    const __m128i high_s = _mm_shuffle_epi8(hundreds_saturating, hundreds_index);
    const __m128i high_w = _mm_shuffle_epi8(hundreds_wrapping, hundreds_index);
    const __m128i values = _mm_adds_epu8(_mm_adds_epu8(high_s, tens), ones);
    const __m128i wrapped = _mm_add_epi8(_mm_add_epi8(high_w, tens), ones);
    const __m128i fits = _mm_cmpeq_epi8(values, wrapped);

    const __m128i four_digits = _mm_and_si128(digit2, _mm_and_si128(digit3, digit4));
    const __m128i short_field = _mm_andnot_si128(four_digits, _mm_and_si128(digit1, fits));
    const __m128i good = _mm_or_si128(digit0, _mm_and_si128(separator, short_field));

    Classified result;
    result.values = values;
    result.separator = separator;
    result.newlines = (uint32_t)_mm_movemask_epi8(newline);
    result.separators = (uint32_t)_mm_movemask_epi8(separator);
    result.good = (uint32_t)_mm_movemask_epi8(good);
    result.closable = (uint32_t)_mm_movemask_epi8(short_field);
    return result;
}

// Packs the bytes of `values` that `emit` (16 bits) selects to `*out`, 8 bytes per group written whole.
TARGET_SSE41 static inline uint8_t *pack16(__m128i values, unsigned emit, unsigned count0, unsigned count1,
                                           uint8_t *out) {
    const uint64_t *table = CTFRecordAccel_csv_pack_table;
    const __m128i upper_group = _mm_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 8, 8, 8, 8, 8, 8, 8, 8);
    __m128i pattern = _mm_unpacklo_epi64(_mm_cvtsi64_si128((long long)table[emit & 0xFF]),
                                         _mm_cvtsi64_si128((long long)table[(emit >> 8) & 0xFF]));
    __m128i packed = _mm_shuffle_epi8(values, _mm_add_epi8(pattern, upper_group));
    _mm_storel_epi64((__m128i *)out, packed);
    out += count0;
    _mm_storeh_pi((__m64 *)out, _mm_castsi128_ps(packed));
    return out + count1;
}

// Packs the values at the separators of 32 bytes without a newline, all of whose bytes are good, to `out`;
// returns the new end and adds the count to `*fields`. Pairs first, as in csv_avx2.c.
TARGET_SSE41 static inline uint8_t *pack_pairs(const Classified *a, const Classified *b, uint8_t *out,
                                               size_t *fields) {
    const __m128i picked_a = _mm_and_si128(a->values, a->separator);
    const __m128i picked_b = _mm_and_si128(b->values, b->separator);
    const __m128i pair_a = _mm_srli_epi16(_mm_or_si128(picked_a, _mm_slli_epi16(picked_a, 8)), 8);
    const __m128i pair_b = _mm_srli_epi16(_mm_or_si128(picked_b, _mm_slli_epi16(picked_b, 8)), 8);
    const __m128i pairs = _mm_packus_epi16(pair_a, pair_b);
    const __m128i no_separator = _mm_packs_epi16(_mm_cmpeq_epi16(a->separator, _mm_setzero_si128()),
                                                 _mm_cmpeq_epi16(b->separator, _mm_setzero_si128()));
    const unsigned has = ~(unsigned)_mm_movemask_epi8(no_separator) & 0xFFFF;
    const unsigned c0 = CTFRecordAccel_csv_bit_count[has & 0xFF], c1 = CTFRecordAccel_csv_bit_count[has >> 8];
    *fields += c0 + c1;
    return pack16(pairs, has, c0, c1, out);
}

TARGET_SSE41 size_t CTFRecordAccel_csv_fast_row_sse41(const uint8_t *data, size_t length, size_t row_offset,
                                                      size_t column_count, uint8_t *scratch) {
    uint8_t copy[STEP + CTFRecordAccel_CSV_LOOKBEHIND];
    uint8_t *out = scratch;
    size_t fields = 0;
    size_t at = row_offset;
    for (;;) {
        const uint8_t *block = data + at;
        if (at < CTFRecordAccel_CSV_LOOKBEHIND || length - at < STEP) {
            block = CTFRecordAccel_csv_padded_block(data, length, at, STEP, copy);
        }
        const Classified a = classify(block);
        const Classified b = classify(block + 16);
        const Classified c = classify(block + 32);
        const Classified d = classify(block + 48);
        const uint64_t newlines = a.newlines | (uint64_t)b.newlines << 16 | (uint64_t)c.newlines << 32 |
                                  (uint64_t)d.newlines << 48;
        const uint64_t good = a.good | (uint64_t)b.good << 16 | (uint64_t)c.good << 32 | (uint64_t)d.good << 48;
        if (newlines == 0) {
            if (~good != 0) {
                return 0;
            }
            out = pack_pairs(&a, &b, out, &fields);
            out = pack_pairs(&c, &d, out, &fields);
            // After the writes: the scratch slack absorbs one step's overshoot.
            if (fields > column_count) {
                return 0;
            }
            at += STEP;
            continue;
        }
        const uint64_t separators = a.separators | (uint64_t)b.separators << 16 | (uint64_t)c.separators << 32 |
                                    (uint64_t)d.separators << 48;
        const uint64_t closable = a.closable | (uint64_t)b.closable << 16 | (uint64_t)c.closable << 32 |
                                  (uint64_t)d.closable << 48;
        uint64_t emit;
        if (!CTFRecordAccel_csv_last_block(block, at, length, newlines, separators, good, closable, &emit)) {
            return 0;
        }
        unsigned counts[8];
        fields += CTFRecordAccel_csv_count_groups(emit, counts);
        if (fields != column_count) {
            return 0;
        }
        out = pack16(a.values, (unsigned)emit, counts[0], counts[1], out);
        out = pack16(b.values, (unsigned)(emit >> 16), counts[2], counts[3], out);
        out = pack16(c.values, (unsigned)(emit >> 32), counts[4], counts[5], out);
        pack16(d.values, (unsigned)(emit >> 48), counts[6], counts[7], out);
        const size_t next = at + (unsigned)__builtin_ctzll(newlines) + 1;
        return next < length ? next : length;
    }
}

#else

// Keeps the translation unit non-empty off x86-64.
typedef int CTFRecordAccel_csv_sse41_unused;

#endif
