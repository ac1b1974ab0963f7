// The CSV row parser's reference: one byte at a time, and the definition of every result the SIMD engines
// must reproduce. Also the row loop that those engines share, so that the rows they decline reach this
// very code.
//
// The grammar, checked in this order for field k = 0, 1, ... of a row:
//   - a row that starts with "\n" or "\r\n" is EMPTY_LINE (byte_offset = row_offset);
//   - the field's first byte must be a digit, else EXPECTED_DIGIT there (at `length` past the end);
//   - all the digits that follow are the field's (any number, leading zeros allowed);
//   - then ',' or '\n' or "\r\n" or the end of the buffer; anything else, a lone '\r' included, is
//     EXPECTED_DIGIT at that byte;
//   - the value: the label must be <= INT64_MAX (LABEL_OUT_OF_RANGE), a pixel <= 255
//     (PIXEL_OUT_OF_RANGE), both reported at the field's digits;
//   - a ',' after field column_count - 1 is COLUMN_COUNT with found_columns = the line's commas + 1; a line
//     end after fewer fields is COLUMN_COUNT with found_columns = k + 1 (both at row_offset).

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv_internal.h"

// Row scratch for the SIMD engines up to this many columns lives on the stack (MNIST has 785, CIFAR-10 3073).
#define STACK_SCRATCH_COLUMNS 4096

static inline int is_digit(uint8_t byte) {
    return (unsigned)(byte - '0') <= 9;
}

static int fail(CTFRecordAccel_CSVError *error, CTFRecordAccel_CSVErrorCode code, size_t row_index,
                size_t row_offset) {
    error->code = (int32_t)code;
    error->row = row_index;
    error->row_offset = row_offset;
    return 0;
}

static int fail_digit(CTFRecordAccel_CSVError *error, size_t row_index, size_t row_offset, size_t at,
                      size_t column) {
    error->byte_offset = at;
    error->column = column;
    return fail(error, CTFRecordAccel_CSV_EXPECTED_DIGIT, row_index, row_offset);
}

static int fail_range(CTFRecordAccel_CSVError *error, CTFRecordAccel_CSVErrorCode code, size_t row_index,
                      size_t row_offset, size_t start, size_t end, size_t column) {
    error->byte_offset = start;
    error->field_offset = start;
    error->field_length = end - start;
    error->column = column;
    return fail(error, code, row_index, row_offset);
}

static int fail_columns(CTFRecordAccel_CSVError *error, size_t row_index, size_t row_offset, size_t found) {
    error->byte_offset = row_offset;
    error->found_columns = found;
    return fail(error, CTFRecordAccel_CSV_COLUMN_COUNT, row_index, row_offset);
}

int CTFRecordAccel_csv_scalar_row(const uint8_t *data, size_t length, size_t row_offset, size_t row_index,
                                  const CTFRecordAccel_CSVRowSpec *spec, uint8_t *pixel_slot, int64_t *label_slot,
                                  size_t *next_offset, CTFRecordAccel_CSVError *error) {
    const size_t column_count = spec->column_count;
    const size_t label_column = spec->label_column;
    size_t at = row_offset;
    if (data[at] == '\n' || (data[at] == '\r' && at + 1 < length && data[at + 1] == '\n')) {
        error->byte_offset = row_offset;
        return fail(error, CTFRecordAccel_CSV_EMPTY_LINE, row_index, row_offset);
    }
    uint8_t *pixel = pixel_slot;
    for (size_t column = 0;; column++) {
        const size_t start = at;
        if (at == length || !is_digit(data[at])) {
            return fail_digit(error, row_index, row_offset, at, column);
        }
        const int is_label = column == label_column;
        uint64_t value = 0;
        int out_of_range = 0;
        if (is_label) {
            do {
                unsigned digit = data[at] - '0';
                if (value > (uint64_t)(INT64_MAX - digit) / 10) {
                    out_of_range = 1;  // and stays so: the digits still have to be walked to the terminator
                } else {
                    value = value * 10 + digit;
                }
                at++;
            } while (at < length && is_digit(data[at]));
        } else {
            // Saturates at 256: any longer digit string is just as out of range, and this cannot overflow.
            do {
                value = value * 10 + (unsigned)(data[at] - '0');
                if (value > 255) {
                    value = 256;
                }
                at++;
            } while (at < length && is_digit(data[at]));
            out_of_range = value > 255;
        }
        const size_t end = at;
        int line_ended;
        if (at == length) {
            line_ended = 1;
        } else if (data[at] == ',') {
            line_ended = 0;
            at += 1;
        } else if (data[at] == '\n') {
            line_ended = 1;
            at += 1;
        } else if (data[at] == '\r' && at + 1 < length && data[at + 1] == '\n') {
            line_ended = 1;
            at += 2;
        } else {
            return fail_digit(error, row_index, row_offset, at, column);
        }
        if (out_of_range) {
            CTFRecordAccel_CSVErrorCode code =
                is_label ? CTFRecordAccel_CSV_LABEL_OUT_OF_RANGE : CTFRecordAccel_CSV_PIXEL_OUT_OF_RANGE;
            return fail_range(error, code, row_index, row_offset, start, end, column);
        }
        if (!line_ended && column + 1 == column_count) {
            const uint8_t *line = data + row_offset;
            const uint8_t *newline = memchr(line, '\n', length - row_offset);
            size_t line_length = newline ? (size_t)(newline - line) : length - row_offset;
            size_t commas = 0;
            for (size_t i = 0; i < line_length; i++) {
                commas += line[i] == ',';
            }
            return fail_columns(error, row_index, row_offset, commas + 1);
        }
        if (line_ended && column + 1 < column_count) {
            return fail_columns(error, row_index, row_offset, column + 1);
        }
        // column < column_count here, so a pixel never lands past the row's slot.
        if (is_label) {
            *label_slot = (int64_t)value;
        } else {
            *pixel++ = (uint8_t)value;
        }
        if (line_ended) {
            *next_offset = at;
            return 1;
        }
    }
}

static size_t pixels_per_row(const CTFRecordAccel_CSVRowSpec *spec) {
    return spec->column_count - (spec->label_column != SIZE_MAX);
}

size_t CTFRecordAccel_csv_parse_scalar(const uint8_t *data, size_t length, const CTFRecordAccel_CSVRowSpec *spec,
                                       size_t max_rows, uint8_t *pixels, int64_t *labels, size_t *consumed,
                                       CTFRecordAccel_CSVError *error) {
    const size_t pixel_count = pixels_per_row(spec);
    const int has_label = spec->label_column != SIZE_MAX;
    size_t rows = 0;
    size_t offset = 0;
    while (offset < length && rows < max_rows) {
        // Slot pointers are formed only when they exist: pixels or labels may be NULL when the spec needs none.
        uint8_t *pixel_slot = pixel_count ? pixels + rows * pixel_count : NULL;
        int64_t *label_slot = has_label ? labels + rows : NULL;
        size_t next;
        if (!CTFRecordAccel_csv_scalar_row(data, length, offset, rows, spec, pixel_slot, label_slot, &next, error)) {
            break;
        }
        rows++;
        offset = next;
    }
    *consumed = offset;
    return rows;
}

size_t CTFRecordAccel_csv_parse_accelerated(CTFRecordAccel_csv_fast_row_fn fast_row, const uint8_t *data,
                                            size_t length, const CTFRecordAccel_CSVRowSpec *spec, size_t max_rows,
                                            uint8_t *pixels, int64_t *labels, size_t *consumed,
                                            CTFRecordAccel_CSVError *error) {
    const size_t column_count = spec->column_count;
    const size_t label_column = spec->label_column;
    const int has_label = label_column != SIZE_MAX;
    const size_t pixel_count = pixels_per_row(spec);

    // The fast rows fill a scratch row rather than the caller's slot: they write a few bytes past their last
    // field, which must not reach past the slot of the row in progress, and it lets the label be picked out
    // of any column with two copies.
    uint8_t stack_scratch[STACK_SCRATCH_COLUMNS + CTFRecordAccel_CSV_SCRATCH_SLACK];
    uint8_t *scratch = stack_scratch;
    if (column_count > STACK_SCRATCH_COLUMNS) {
        scratch = malloc(column_count + CTFRecordAccel_CSV_SCRATCH_SLACK);
        if (scratch == NULL) {
            return CTFRecordAccel_csv_parse_scalar(data, length, spec, max_rows, pixels, labels, consumed, error);
        }
    }

    size_t rows = 0;
    size_t offset = 0;
    while (offset < length && rows < max_rows) {
        uint8_t *pixel_slot = pixel_count ? pixels + rows * pixel_count : NULL;
        int64_t *label_slot = has_label ? labels + rows : NULL;
        size_t next = fast_row(data, length, offset, column_count, scratch);
        if (next != 0) {
            if (!has_label) {
                memcpy(pixel_slot, scratch, column_count);
            } else {
                *label_slot = scratch[label_column];
                if (pixel_count) {
                    memcpy(pixel_slot, scratch, label_column);
                    memcpy(pixel_slot + label_column, scratch + label_column + 1, column_count - label_column - 1);
                }
            }
        } else if (!CTFRecordAccel_csv_scalar_row(data, length, offset, rows, spec, pixel_slot, label_slot, &next,
                                                  error)) {
            break;
        }
        rows++;
        offset = next;
    }
    if (scratch != stack_scratch) {
        free(scratch);
    }
    *consumed = offset;
    return rows;
}
