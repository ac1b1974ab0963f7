// CSV fast rows with AVX2: 32 bytes per vector, two vectors per step.
//
// No -m flags reach this file (SwiftPM, no unsafeFlags): the functions carry target("avx2") and are reached
// only through the dispatcher's CPUID check.
//
// The idea, per byte i of a block: if byte i is a separator (',' or '\n') it closes the field whose last
// digits are bytes i-1, i-2, i-3, so loads at block-1, -2 and -3 (and -4, for a fourth digit) line those bytes
// up under i and the field's value is computed at every position at once; the separators' positions then pick
// the values out. A step accepts only what the reference accepts with the same values: every byte a digit or
// a separator, every separator closing 1-3 digits (i-1 a digit, not all of i-2, i-3, i-4) worth <= 255.
//
// Picking the values out: two separators are never adjacent in an accepted block, so each byte pair holds at
// most one. Folding pairs first (pack_pairs) halves the table-driven byte shuffles, which with the mask
// bookkeeping are most of the cost. The block with the row's newline, where bytes of the next row follow,
// goes through the plain shuffle per 8 bytes (pack16) under an exact mask instead; a "\r\n" there ends the
// last field at the '\r' (CTFRecordAccel_csv_last_block), whose value is computed like any other byte's.
//
// The value in bytes, with o = byte i-1, t = byte i-2 and h = byte i-3 (h and t count only while the bytes
// between them and i are digits): 100h + 10t + o, by table look-ups on the low nibble (',' '\n' '\r' have
// nibbles 10-13, which the tables map to 0). Whether it exceeds 255 comes from computing it twice, once with
// saturating adds and once wrapping, with h >= 3 looked up as 255 and as 1: the two agree exactly when no sum
// passed 255.

#if defined(__x86_64__)

#include <immintrin.h>

#include "csv_internal.h"

#define TARGET_AVX2 __attribute__((target("avx2")))

// Bytes per step: two vectors amortize the mask bookkeeping over 64 bytes.
#define STEP 64

typedef struct {
    __m256i values;     // at a separator: the value of the field it closes
    __m256i separator;  // 0xFF at ',' and '\n'
    uint32_t newlines;
    uint32_t separators;
    uint32_t good;
    uint32_t closable;  // where a separator would close a valid field (for a "\r\n" row end)
} Classified;

TARGET_AVX2 static inline Classified classify(const uint8_t *block) {
    const __m256i x0 = _mm256_loadu_si256((const __m256i *)block);
    const __m256i x1 = _mm256_loadu_si256((const __m256i *)(block - 1));
    const __m256i x2 = _mm256_loadu_si256((const __m256i *)(block - 2));
    const __m256i x3 = _mm256_loadu_si256((const __m256i *)(block - 3));
    const __m256i x4 = _mm256_loadu_si256((const __m256i *)(block - 4));
    const __m256i below_zero = _mm256_set1_epi8('0' - 1);
    const __m256i above_nine = _mm256_set1_epi8('9' + 1);
    const __m256i tens_table = _mm256_setr_epi8(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 0, 0, 0, 0, 0, 0,
                                                0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 0, 0, 0, 0, 0, 0);
    const __m256i hundreds_saturating =
        _mm256_setr_epi8(0, 100, (char)200, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0,
                         0, 100, (char)200, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0);
    const __m256i hundreds_wrapping = _mm256_setr_epi8(0, 100, (char)200, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
                                                       0, 100, (char)200, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0);

    const __m256i digit0 = _mm256_and_si256(_mm256_cmpgt_epi8(x0, below_zero), _mm256_cmpgt_epi8(above_nine, x0));
    const __m256i newline = _mm256_cmpeq_epi8(x0, _mm256_set1_epi8('\n'));
    const __m256i separator = _mm256_or_si256(_mm256_cmpeq_epi8(x0, _mm256_set1_epi8(',')), newline);
    // Signed "> '/'" is true for '0'..'9' and false for every separator and '\r'. It is also true for some
    // other bytes, but a row with such a byte fails on that byte itself: bytes i-1.. i-4 either are the row's
    // (checked as byte 0 of this or an earlier block) or lie before the row start, which is always a '\n'.
    const __m256i digit1 = _mm256_cmpgt_epi8(x1, below_zero);
    const __m256i digit2 = _mm256_cmpgt_epi8(x2, below_zero);
    const __m256i digit3 = _mm256_cmpgt_epi8(x3, below_zero);
    const __m256i digit4 = _mm256_cmpgt_epi8(x4, below_zero);

    const __m256i ones = _mm256_sub_epi8(x1, _mm256_set1_epi8('0'));
    const __m256i tens = _mm256_shuffle_epi8(tens_table, x2);
    const __m256i hundreds_index = _mm256_and_si256(x3, digit2);
    const __m256i high_s = _mm256_shuffle_epi8(hundreds_saturating, hundreds_index);
    const __m256i high_w = _mm256_shuffle_epi8(hundreds_wrapping, hundreds_index);
    const __m256i values = _mm256_adds_epu8(_mm256_adds_epu8(high_s, tens), ones);
    const __m256i wrapped = _mm256_add_epi8(_mm256_add_epi8(high_w, tens), ones);
    const __m256i fits = _mm256_cmpeq_epi8(values, wrapped);

    const __m256i four_digits = _mm256_and_si256(digit2, _mm256_and_si256(digit3, digit4));
    const __m256i short_field = _mm256_andnot_si256(four_digits, _mm256_and_si256(digit1, fits));
    const __m256i good = _mm256_or_si256(digit0, _mm256_and_si256(separator, short_field));

    Classified result;
    result.values = values;
    result.separator = separator;
    result.newlines = (uint32_t)_mm256_movemask_epi8(newline);
    result.separators = (uint32_t)_mm256_movemask_epi8(separator);
    result.good = (uint32_t)_mm256_movemask_epi8(good);
    result.closable = (uint32_t)_mm256_movemask_epi8(short_field);
    return result;
}

// Packs the bytes of `values` that `emit` (16 bits) selects to `*out`, 8 bytes per group written whole.
TARGET_AVX2 static inline uint8_t *pack16(__m128i values, unsigned emit, unsigned count0, unsigned count1,
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

// Packs the values at the separators of a 64-byte block without a newline, all of whose bytes are good, to
// `out`; returns the new end and adds the count to `*fields`.
TARGET_AVX2 static inline uint8_t *pack_pairs(const Classified *a, const Classified *b, uint8_t *out,
                                              size_t *fields) {
    const uint64_t *table = CTFRecordAccel_csv_pack_table;
    const uint8_t *bits = CTFRecordAccel_csv_bit_count;
    // Each 16-bit lane keeps the value of its one separator, if any, in its low byte.
    const __m256i picked_a = _mm256_and_si256(a->values, a->separator);
    const __m256i picked_b = _mm256_and_si256(b->values, b->separator);
    const __m256i pair_a = _mm256_srli_epi16(_mm256_or_si256(picked_a, _mm256_slli_epi16(picked_a, 8)), 8);
    const __m256i pair_b = _mm256_srli_epi16(_mm256_or_si256(picked_b, _mm256_slli_epi16(picked_b, 8)), 8);
    // Per 128-bit lane, as vpackuswb does: [a pairs 0-7, b pairs 0-7], [a pairs 8-15, b pairs 8-15].
    const __m256i pairs = _mm256_packus_epi16(pair_a, pair_b);
    const __m256i no_separator = _mm256_packs_epi16(_mm256_cmpeq_epi16(a->separator, _mm256_setzero_si256()),
                                                    _mm256_cmpeq_epi16(b->separator, _mm256_setzero_si256()));
    const uint32_t has = ~(uint32_t)_mm256_movemask_epi8(no_separator);
    const unsigned m0 = has & 0xFF, m1 = (has >> 8) & 0xFF, m2 = (has >> 16) & 0xFF, m3 = has >> 24;
    const __m128i pattern_low = _mm_unpacklo_epi64(_mm_cvtsi64_si128((long long)table[m0]),
                                                   _mm_cvtsi64_si128((long long)table[m1]));
    const __m128i pattern_high = _mm_unpacklo_epi64(_mm_cvtsi64_si128((long long)table[m2]),
                                                    _mm_cvtsi64_si128((long long)table[m3]));
    const __m256i upper_group = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 8, 8, 8, 8, 8, 8, 8, 8,
                                                 0, 0, 0, 0, 0, 0, 0, 0, 8, 8, 8, 8, 8, 8, 8, 8);
    const __m256i pattern =
        _mm256_add_epi8(_mm256_inserti128_si256(_mm256_castsi128_si256(pattern_low), pattern_high, 1), upper_group);
    const __m256i packed = _mm256_shuffle_epi8(pairs, pattern);
    const __m128i lane0 = _mm256_castsi256_si128(packed);
    const __m128i lane1 = _mm256_extracti128_si256(packed, 1);
    const unsigned c0 = bits[m0], c1 = bits[m1], c2 = bits[m2], c3 = bits[m3];
    // Back in byte order: a's pairs 0-7 and 8-15, then b's.
    _mm_storel_epi64((__m128i *)out, lane0);
    out += c0;
    _mm_storel_epi64((__m128i *)out, lane1);
    out += c2;
    _mm_storeh_pi((__m64 *)out, _mm_castsi128_ps(lane0));
    out += c1;
    _mm_storeh_pi((__m64 *)out, _mm_castsi128_ps(lane1));
    *fields += c0 + c1 + c2 + c3;
    return out + c3;
}

TARGET_AVX2 size_t CTFRecordAccel_csv_fast_row_avx2(const uint8_t *data, size_t length, size_t row_offset,
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
        const Classified b = classify(block + 32);
        const uint64_t newlines = a.newlines | (uint64_t)b.newlines << 32;
        const uint64_t good = a.good | (uint64_t)b.good << 32;
        if (newlines == 0) {
            if (~good != 0) {
                return 0;
            }
            out = pack_pairs(&a, &b, out, &fields);
            // After the writes: the scratch slack absorbs one step's overshoot.
            if (fields > column_count) {
                return 0;
            }
            at += STEP;
            continue;
        }
        const uint64_t separators = a.separators | (uint64_t)b.separators << 32;
        const uint64_t closable = a.closable | (uint64_t)b.closable << 32;
        uint64_t emit;
        if (!CTFRecordAccel_csv_last_block(block, at, length, newlines, separators, good, closable, &emit)) {
            return 0;
        }
        unsigned counts[8];
        fields += CTFRecordAccel_csv_count_groups(emit, counts);
        if (fields != column_count) {
            return 0;
        }
        out = pack16(_mm256_castsi256_si128(a.values), (unsigned)emit, counts[0], counts[1], out);
        out = pack16(_mm256_extracti128_si256(a.values, 1), (unsigned)(emit >> 16), counts[2], counts[3], out);
        out = pack16(_mm256_castsi256_si128(b.values), (unsigned)(emit >> 32), counts[4], counts[5], out);
        pack16(_mm256_extracti128_si256(b.values, 1), (unsigned)(emit >> 48), counts[6], counts[7], out);
        const size_t next = at + (unsigned)__builtin_ctzll(newlines) + 1;
        return next < length ? next : length;
    }
}

#else

// Keeps the translation unit non-empty off x86-64.
typedef int CTFRecordAccel_csv_avx2_unused;

#endif
