// CSV fast rows with NEON (AArch64 Advanced SIMD, always present there): 16 bytes per vector, four vectors per
// step.
//
// The algorithm is csv_avx2.c's, whose comments explain it. What differs: the byte look-ups are tbl, which
// gives 0 for any index >= 16, so indices are taken as byte - '0' (every separator and '\r' then lands far
// above 15); digit tests are exact unsigned compares; and NEON has no movemask, so the bit masks are summed
// from per-lane weights.

#if defined(__aarch64__)

#include <arm_neon.h>

#include "csv_internal.h"

// Bytes per step: four vectors amortize the mask bookkeeping over 64 bytes.
#define STEP 64

typedef struct {
    uint8x16_t values;     // at a separator: the value of the field it closes
    uint8x16_t separator;  // 0xFF at ',' and '\n'
    uint32_t newlines;
    uint32_t separators;
    uint32_t good;
    uint32_t closable;  // where a separator would close a valid field (for a "\r\n" row end)
} Classified;

// Bit i set where byte i of `lanes` (each 0x00 or 0xFF) is 0xFF.
static inline uint32_t bit_mask(uint8x16_t lanes) {
    static const uint8_t weights[16] = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
    const uint8x16_t weighted = vandq_u8(lanes, vld1q_u8(weights));
    return (uint32_t)vaddv_u8(vget_low_u8(weighted)) | (uint32_t)vaddv_u8(vget_high_u8(weighted)) << 8;
}

static inline Classified classify(const uint8_t *block) {
    static const uint8_t tens_table[16] = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 0, 0, 0, 0, 0, 0};
    static const uint8_t hundreds_saturating[16] = {0, 100, 200, 255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 0, 0, 0};
    static const uint8_t hundreds_wrapping[16] = {0, 100, 200, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0};
    const uint8x16_t zero_char = vdupq_n_u8('0');
    const uint8x16_t nine = vdupq_n_u8(9);
    const uint8x16_t x0 = vld1q_u8(block);
    const uint8x16_t d0 = vsubq_u8(x0, zero_char);
    const uint8x16_t d1 = vsubq_u8(vld1q_u8(block - 1), zero_char);
    const uint8x16_t d2 = vsubq_u8(vld1q_u8(block - 2), zero_char);
    const uint8x16_t d3 = vsubq_u8(vld1q_u8(block - 3), zero_char);
    const uint8x16_t d4 = vsubq_u8(vld1q_u8(block - 4), zero_char);

    const uint8x16_t digit0 = vcleq_u8(d0, nine);
    const uint8x16_t newline = vceqq_u8(x0, vdupq_n_u8('\n'));
    const uint8x16_t separator = vorrq_u8(vceqq_u8(x0, vdupq_n_u8(',')), newline);
    const uint8x16_t digit1 = vcleq_u8(d1, nine);
    const uint8x16_t digit2 = vcleq_u8(d2, nine);
    const uint8x16_t digit3 = vcleq_u8(d3, nine);
    const uint8x16_t digit4 = vcleq_u8(d4, nine);

    const uint8x16_t tens = vqtbl1q_u8(vld1q_u8(tens_table), d2);
    const uint8x16_t hundreds_index = vandq_u8(d3, digit2);
    const uint8x16_t high_s = vqtbl1q_u8(vld1q_u8(hundreds_saturating), hundreds_index);
    const uint8x16_t high_w = vqtbl1q_u8(vld1q_u8(hundreds_wrapping), hundreds_index);
    const uint8x16_t values = vqaddq_u8(vqaddq_u8(high_s, tens), d1);
    const uint8x16_t wrapped = vaddq_u8(vaddq_u8(high_w, tens), d1);
    const uint8x16_t fits = vceqq_u8(values, wrapped);

    const uint8x16_t four_digits = vandq_u8(digit2, vandq_u8(digit3, digit4));
    const uint8x16_t short_field = vbicq_u8(vandq_u8(digit1, fits), four_digits);
    const uint8x16_t good = vorrq_u8(digit0, vandq_u8(separator, short_field));

    Classified result;
    result.values = values;
    result.separator = separator;
    result.newlines = bit_mask(newline);
    result.separators = bit_mask(separator);
    result.good = bit_mask(good);
    result.closable = bit_mask(short_field);
    return result;
}

// Packs the bytes of `values` that `emit` (16 bits) selects to `*out`, 8 bytes per group written whole.
static inline uint8_t *pack16(uint8x16_t values, unsigned emit, unsigned count0, unsigned count1, uint8_t *out) {
    const uint64_t *table = CTFRecordAccel_csv_pack_table;
    const uint8x8_t pattern0 = vcreate_u8(table[emit & 0xFF]);
    const uint8x8_t pattern1 = vadd_u8(vcreate_u8(table[(emit >> 8) & 0xFF]), vdup_n_u8(8));
    vst1_u8(out, vqtbl1_u8(values, pattern0));
    out += count0;
    vst1_u8(out, vqtbl1_u8(values, pattern1));
    return out + count1;
}

// Packs the values at the separators of 32 bytes without a newline, all of whose bytes are good, to `out`;
// returns the new end and adds the count to `*fields`. Pairs first, as in csv_avx2.c.
static inline uint8_t *pack_pairs(const Classified *a, const Classified *b, uint8_t *out, size_t *fields) {
    const uint16x8_t picked_a = vreinterpretq_u16_u8(vandq_u8(a->values, a->separator));
    const uint16x8_t picked_b = vreinterpretq_u16_u8(vandq_u8(b->values, b->separator));
    // The low byte of each 16-bit lane ends up holding its one separator's value; vmovn keeps low bytes.
    const uint8x16_t pairs = vcombine_u8(vmovn_u16(vorrq_u16(picked_a, vshrq_n_u16(picked_a, 8))),
                                         vmovn_u16(vorrq_u16(picked_b, vshrq_n_u16(picked_b, 8))));
    const uint16x8_t separator_a = vreinterpretq_u16_u8(a->separator);
    const uint16x8_t separator_b = vreinterpretq_u16_u8(b->separator);
    const uint8x16_t has_separator = vcombine_u8(vmovn_u16(vtstq_u16(separator_a, separator_a)),
                                                 vmovn_u16(vtstq_u16(separator_b, separator_b)));
    const unsigned has = bit_mask(has_separator);
    const unsigned c0 = CTFRecordAccel_csv_bit_count[has & 0xFF], c1 = CTFRecordAccel_csv_bit_count[has >> 8];
    *fields += c0 + c1;
    return pack16(pairs, has, c0, c1, out);
}

size_t CTFRecordAccel_csv_fast_row_neon(const uint8_t *data, size_t length, size_t row_offset, size_t column_count,
                                        uint8_t *scratch) {
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

// Keeps the translation unit non-empty off AArch64.
typedef int CTFRecordAccel_csv_neon_unused;

#endif
