// Private interface between the CSV row parser's reference, its SIMD engines and its dispatcher.
//
// The contract, which every engine keeps byte for byte, is the one of CTFRecordAccel_csv_parse_rows in
// CTFRecordAccel.h; csv_scalar.c spells out its finer points and is the reference. The SIMD engines never
// decide anything the reference could decide differently: a row either passes their complete validation
// (then its values are necessarily the reference's) or is handed to the reference from its first byte.

#ifndef CTFRECORDACCEL_CSV_INTERNAL_H
#define CTFRECORDACCEL_CSV_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "CTFRecordAccel.h"

/// Extra bytes after `column_count` that a fast row may scribble on in its scratch row. A fast row checks its
/// field count after each 64-byte step, so one step may overshoot by up to 32 fields (a field and its
/// separator are at least 2 bytes), and the pack step writes whole 8-byte groups of which only the first few
/// hold fields.
#define CTFRecordAccel_CSV_SCRATCH_SLACK 64

/// Bytes a fast row reads before a block (the digits of the field that a separator closes, and one more to
/// tell a 4-digit field from a 3-digit one). Blocks nearer the buffer start than this go through a copy.
#define CTFRecordAccel_CSV_LOOKBEHIND 4

/// Parses the one row at `row_offset` (< `length`), the reference way. On success stores its label in
/// `*label_slot` (when the spec has one) and its pixels from `pixel_slot` on, sets `*next_offset` past its
/// line end and returns 1. On failure fills `*error` (code, row = `row_index`, row_offset and the code's
/// fields; the caller zeroed the rest) and returns 0; the slots may then hold part of the row.
int CTFRecordAccel_csv_scalar_row(const uint8_t *data, size_t length, size_t row_offset, size_t row_index,
                                  const CTFRecordAccel_CSVRowSpec *spec, uint8_t *pixel_slot, int64_t *label_slot,
                                  size_t *next_offset, CTFRecordAccel_CSVError *error);

/// A SIMD engine's attempt at the row at `row_offset` (< `length`). Succeeds only on a row that the reference
/// accepts and whose every field, the label included, is 1 to 3 digits with a value <= 255: then the row's
/// `column_count` values are in `scratch[0..<column_count]` and the result is the offset of the next row.
/// Anything else returns 0 (never a valid next offset), and the caller runs the reference on the row. Reads
/// only `data[0..<length]`; writes only `scratch[0..<column_count + CTFRecordAccel_CSV_SCRATCH_SLACK]`.
typedef size_t (*CTFRecordAccel_csv_fast_row_fn)(const uint8_t *data, size_t length, size_t row_offset,
                                                 size_t column_count, uint8_t *scratch);

/// The engines. Each expects a valid spec (column_count >= 1, label_column < column_count or SIZE_MAX),
/// non-null `consumed` and `error`, and `*error` zeroed; the dispatcher sees to all three.
size_t CTFRecordAccel_csv_parse_scalar(const uint8_t *data, size_t length, const CTFRecordAccel_CSVRowSpec *spec,
                                       size_t max_rows, uint8_t *pixels, int64_t *labels, size_t *consumed,
                                       CTFRecordAccel_CSVError *error);

/// The row loop shared by the SIMD engines: `fast_row` on each row, the reference on the rows it declines.
size_t CTFRecordAccel_csv_parse_accelerated(CTFRecordAccel_csv_fast_row_fn fast_row, const uint8_t *data,
                                            size_t length, const CTFRecordAccel_CSVRowSpec *spec, size_t max_rows,
                                            uint8_t *pixels, int64_t *labels, size_t *consumed,
                                            CTFRecordAccel_CSVError *error);

#if defined(__x86_64__)
size_t CTFRecordAccel_csv_fast_row_sse41(const uint8_t *data, size_t length, size_t row_offset,
                                         size_t column_count, uint8_t *scratch);
size_t CTFRecordAccel_csv_fast_row_avx2(const uint8_t *data, size_t length, size_t row_offset,
                                        size_t column_count, uint8_t *scratch);
#endif

#if defined(__aarch64__)
size_t CTFRecordAccel_csv_fast_row_neon(const uint8_t *data, size_t length, size_t row_offset,
                                        size_t column_count, uint8_t *scratch);
#endif

/// For an 8-bit mask m, bytes 0..<popcount(m) of entry m are the positions of m's set bits, lowest first
/// (the rest 0): a byte shuffle with it packs the bytes that m selects to the front.
extern const uint64_t CTFRecordAccel_csv_pack_table[256];

/// popcount of a byte. A table rather than the instruction: SSE4.1 does not imply POPCNT, and one table
/// serves every engine.
extern const uint8_t CTFRecordAccel_csv_bit_count[256];

/// Copies the block of `width` bytes at `offset`, with its CTFRecordAccel_CSV_LOOKBEHIND bytes before, into
/// `copy` (width + LOOKBEHIND bytes), putting '\n' wherever the buffer has no byte, and returns where the
/// block starts in `copy`. For the blocks at either end of the buffer: a '\n' before the first row is what a
/// row start looks like from inside, and a '\n' after the end ends the last row as the end of the buffer does
/// (the caller clamps the next-row offset to `length`).
static inline const uint8_t *CTFRecordAccel_csv_padded_block(const uint8_t *data, size_t length, size_t offset,
                                                             size_t width, uint8_t *copy) {
    const size_t behind = CTFRecordAccel_CSV_LOOKBEHIND;
    for (size_t i = 0; i < width + behind; i++) {
        copy[i] = '\n';
    }
    size_t first = offset >= behind ? offset - behind : 0;
    size_t end = length - offset > width ? offset + width : length;
    for (size_t i = first; i < end; i++) {
        copy[i + behind - offset] = data[i];
    }
    return copy + behind;
}

/// The block that holds a fast row's newline (or the '\n' standing for the end of the buffer), at buffer
/// offset `at`. `newlines`, `separators` (',' or '\n'), `good` and `closable` are bit masks over the block's
/// bytes (bit i = byte i): `closable` has a bit set where a separator would close a field of 1-3 digits with a
/// value <= 255, and `good` one for a digit and for a separator that does. The row owns the bytes up to its
/// first newline, and all of them must be good. Returns 0 if the row must go to the reference; else 1, with
/// the bytes that close the row's fields in this block in `*emit`.
///
/// CRLF rows: a real '\n' (not the one standing for the end of the buffer, where a '\r' is no terminator)
/// preceded by '\r' ends the row's last field at the '\r', as the reference's "\r\n" does. Any other '\r'
/// is a byte that no row accepts; so is one at the end of the block before, which has failed already.
static inline int CTFRecordAccel_csv_last_block(const uint8_t *block, size_t at, size_t length, uint64_t newlines,
                                                uint64_t separators, uint64_t good, uint64_t closable,
                                                uint64_t *emit) {
    const unsigned newline_at = (unsigned)__builtin_ctzll(newlines);
    if (newline_at > 0 && block[newline_at - 1] == '\r' && at + newline_at < length) {
        const unsigned carriage_return = newline_at - 1;
        const uint64_t before = (UINT64_C(1) << carriage_return) - 1;
        if ((~good & before) || !((closable >> carriage_return) & 1)) {
            return 0;
        }
        *emit = (separators & before) | UINT64_C(1) << carriage_return;
        return 1;
    }
    // newlines ^ (newlines - 1): the bits up to and including the lowest newline.
    const uint64_t owned = newlines ^ (newlines - 1);
    if (~good & owned) {
        return 0;
    }
    *emit = separators & owned;
    return 1;
}

/// How many of the 64 bits of `mask` are set, by bytes: `counts[g]` for bits 8g..<8g+8.
static inline size_t CTFRecordAccel_csv_count_groups(uint64_t mask, unsigned counts[8]) {
    const uint8_t *bits = CTFRecordAccel_csv_bit_count;
    size_t total = 0;
    for (unsigned g = 0; g < 8; g++) {
        counts[g] = bits[(mask >> (8 * g)) & 0xFF];
        total += counts[g];
    }
    return total;
}

#endif  // CTFRECORDACCEL_CSV_INTERNAL_H
