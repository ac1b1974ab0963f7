// libFuzzer target `csv_differential`: the CSV row parser's SIMD engines against its scalar reference,
// and the layout's comma census against a byte loop.
//
// The first three input bytes choose the row spec and the row limit, so that one corpus explores every
// layout; the rest is the CSV buffer. Every SIMD engine this CPU has must give exactly what SCALAR gives:
// the return value, `*consumed`, every field of the error, and every byte of the output buffers (pre-filled
// with a pattern, so a stray or missing write shows). Any difference aborts, which libFuzzer records as a
// crash. The buffers are sized exactly to `max_rows`, so ASan sees a write past them.
//
// Built by scripts/fuzz with the toolchain clang, straight from Sources/CTFRecordAccel:
//   clang -fsanitize=fuzzer,address,undefined -ISources/CTFRecordAccel/include Sources/CTFRecordAccel/*.c ...

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "CTFRecordAccel.h"

static const CTFRecordAccel_CSVEngine simd_engines[] = {
    CTFRecordAccel_CSV_SSE41,
    CTFRecordAccel_CSV_AVX2,
    CTFRecordAccel_CSV_NEON,
};
static const char *const simd_names[] = {"SSE41", "AVX2", "NEON"};

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    // A differential target with nothing to compare would pass every input: refuse to run instead.
    int available = 0;
    for (size_t i = 0; i < sizeof simd_engines / sizeof simd_engines[0]; i++) {
        if (CTFRecordAccel_csv_engine_available(simd_engines[i])) {
            fprintf(stderr, "csv_differential: comparing %s with SCALAR\n", simd_names[i]);
            available++;
        }
    }
    if (available == 0) {
        fprintf(stderr, "csv_differential: this CPU has no SIMD CSV engine (or TFREC_DISABLE_CPU_FEATURES is set)\n");
        exit(1);
    }
    return 0;
}

/// Everything one parse produces.
typedef struct Outcome {
    size_t rows;
    size_t consumed;
    CTFRecordAccel_CSVError error;
    uint8_t *pixels;
    int64_t *labels;
} Outcome;

static const uint8_t pixel_pattern = 0xA5;
static const int64_t label_pattern = 0x5A5A5A5A5A5A5A5A;

static void parse(CTFRecordAccel_CSVEngine engine, const uint8_t *csv, size_t length,
                  const CTFRecordAccel_CSVRowSpec *spec, size_t max_rows, size_t pixel_count, Outcome *out) {
    // Exact sizes, no slack: ASan reports any access past the rows the parser was given room for (its
    // malloc(0) returns a pointer with no accessible bytes).
    size_t label_slots = spec->label_column == SIZE_MAX ? 0 : max_rows;
    out->pixels = malloc(max_rows * pixel_count);
    out->labels = malloc(label_slots * sizeof(int64_t));
    if (out->pixels == NULL || out->labels == NULL) {
        abort();
    }
    memset(out->pixels, pixel_pattern, max_rows * pixel_count);
    for (size_t i = 0; i < label_slots; i++) {
        out->labels[i] = label_pattern;
    }
    out->consumed = (size_t)-1;
    memset(&out->error, 0xEE, sizeof out->error);
    out->rows = CTFRecordAccel_csv_parse_rows(engine, csv, length, spec, max_rows, out->pixels, out->labels,
                                              &out->consumed, &out->error);
}

static void report(const char *what, const char *engine, const Outcome *expected, const Outcome *actual) {
    const CTFRecordAccel_CSVError *e = &expected->error, *a = &actual->error;
    fprintf(stderr,
            "csv_differential: %s (%s vs SCALAR)\n"
            "  SCALAR: rows %zu consumed %zu code %d row %zu row_offset %zu byte_offset %zu column %zu "
            "field %zu+%zu found %zu\n"
            "  %s: rows %zu consumed %zu code %d row %zu row_offset %zu byte_offset %zu column %zu "
            "field %zu+%zu found %zu\n",
            what, engine, expected->rows, expected->consumed, e->code, e->row, e->row_offset, e->byte_offset,
            e->column, e->field_offset, e->field_length, e->found_columns, engine, actual->rows, actual->consumed,
            a->code, a->row, a->row_offset, a->byte_offset, a->column, a->field_offset, a->field_length,
            a->found_columns);
    abort();
}

static int same_error(const CTFRecordAccel_CSVError *a, const CTFRecordAccel_CSVError *b) {
    // Field by field: the struct has padding after `code`.
    return a->code == b->code && a->row == b->row && a->row_offset == b->row_offset &&
           a->byte_offset == b->byte_offset && a->column == b->column && a->field_offset == b->field_offset &&
           a->field_length == b->field_length && a->found_columns == b->found_columns;
}

/// The header's promises that hold for any engine, the reference included.
static void check_contract(const char *engine, const Outcome *o, size_t length, size_t max_rows, size_t pixel_count) {
    const char *broken = NULL;
    if (o->rows > max_rows) {
        broken = "more rows than max_rows";
    } else if (o->consumed > length) {
        broken = "consumed past the buffer";
    } else if (o->error.code < CTFRecordAccel_CSV_OK || o->error.code > CTFRecordAccel_CSV_EMPTY_LINE) {
        broken = "unknown error code";
    } else if (o->error.code != CTFRecordAccel_CSV_OK && o->error.row != o->rows) {
        broken = "error row is not the return value";
    } else if (o->error.code == CTFRecordAccel_CSV_OK && o->rows < max_rows && o->consumed != length) {
        broken = "stopped early without an error";
    } else if (o->error.code != CTFRecordAccel_CSV_OK && o->error.row_offset != o->consumed) {
        broken = "the failing row does not start where the good rows end";
    }
    // Nothing past the row in progress is written.
    size_t touched = (o->rows + 1) * pixel_count;
    for (size_t i = touched; broken == NULL && i < max_rows * pixel_count; i++) {
        if (o->pixels[i] != pixel_pattern) {
            broken = "pixels written past the row in progress";
        }
    }
    if (broken != NULL) {
        fprintf(stderr, "csv_differential: %s broke the contract: %s\n", engine, broken);
        report(broken, engine, o, o);
    }
}

// The layout's comma census (vectorized by the compiler) against a byte loop, from the buffer's start and
// from `offset` (< 32), so that unaligned heads and tails are covered.
static void check_comma_census(const uint8_t *csv, size_t length, size_t offset) {
    size_t skips[] = {0, offset};
    for (size_t k = 0; k < 2; k++) {
        size_t skip = skips[k] <= length ? skips[k] : length;
        size_t commas = 0;
        int letter = 0;
        for (size_t i = skip; i < length; i++) {
            commas += csv[i] == ',';
            letter |= (uint8_t)((csv[i] | 0x20) - 'a') < 26;
        }
        int has_letter = -1;
        size_t counted = CTFRecordAccel_csv_count_commas(csv + skip, length - skip, &has_letter);
        if (counted != commas || has_letter != letter) {
            fprintf(stderr, "comma census: %zu commas, letter %d; byte loop: %zu, %d (skip %zu, length %zu)\n", counted,
                    has_letter, commas, letter, skip, length);
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 3) {
        return -1;  // not kept in the corpus
    }
    // Byte 0: the column count. Mostly small (where field and row boundaries fall densely across vector
    // blocks), sometimes the wide layouts of real data (785 = MNIST).
    static const size_t wide[] = {65, 100, 127, 128, 129, 200, 255, 256, 300, 500, 785, 1000, 3073, 4000, 1, 2};
    size_t columns = data[0] < 0xF0 ? 1 + (data[0] % 48) : wide[data[0] - 0xF0];
    // Byte 1: the label column: none, first, last, or any.
    size_t label;
    switch (data[1] & 3) {
    case 0: label = SIZE_MAX; break;
    case 1: label = 0; break;
    case 2: label = columns - 1; break;
    default: label = (size_t)(data[1] >> 2) % columns; break;
    }
    // The CSV in a buffer of its own, so that ASan sees a read before its start as well as past
    // its end (the SIMD engines look behind and ahead of the bytes they classify).
    size_t length = size - 3;
    uint8_t *csv = malloc(length);
    if (csv == NULL) {
        abort();
    }
    memcpy(csv, data + 3, length);
    // Byte 2: the row limit: small limits cut the buffer short; otherwise room for every row the buffer
    // could hold (a row of n fields with an error may be shorter than 2n - 1 bytes, but it is the last one).
    size_t lines = 1;
    for (size_t i = 0; i < length; i++) {
        lines += csv[i] == '\n';
    }
    size_t fit = length / (2 * columns - 1) + 2;
    size_t max_rows = data[2] < 0x40 ? data[2] % 8 : (lines < fit ? lines : fit);

    CTFRecordAccel_CSVRowSpec spec = {.column_count = columns, .label_column = label};
    size_t pixel_count = columns - (label != SIZE_MAX);
    size_t label_slots = label == SIZE_MAX ? 0 : max_rows;

    Outcome expected;
    parse(CTFRecordAccel_CSV_SCALAR, csv, length, &spec, max_rows, pixel_count, &expected);
    check_contract("SCALAR", &expected, length, max_rows, pixel_count);
    for (size_t e = 0; e < sizeof simd_engines / sizeof simd_engines[0]; e++) {
        if (!CTFRecordAccel_csv_engine_available(simd_engines[e])) {
            continue;
        }
        Outcome actual;
        parse(simd_engines[e], csv, length, &spec, max_rows, pixel_count, &actual);
        if (actual.rows != expected.rows || actual.consumed != expected.consumed) {
            report("row count or consumed bytes differ", simd_names[e], &expected, &actual);
        }
        if (!same_error(&actual.error, &expected.error)) {
            report("errors differ", simd_names[e], &expected, &actual);
        }
        if (memcmp(actual.pixels, expected.pixels, max_rows * pixel_count) != 0) {
            report("pixel buffers differ", simd_names[e], &expected, &actual);
        }
        if (memcmp(actual.labels, expected.labels, label_slots * sizeof(int64_t)) != 0) {
            report("label buffers differ", simd_names[e], &expected, &actual);
        }
        check_contract(simd_names[e], &actual, length, max_rows, pixel_count);
        free(actual.pixels);
        free(actual.labels);
    }
    free(expected.pixels);
    free(expected.labels);
    check_comma_census(csv, length, (size_t)(data[0] ^ data[2]) % 32);
    free(csv);
    return 0;
}
