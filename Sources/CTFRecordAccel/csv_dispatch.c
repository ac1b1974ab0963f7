// The CSV row parser's public entry points: engine availability, AUTO, argument checks, and the tables
// that the SIMD engines share.

#include <stdint.h>
#include <string.h>

#include "csv_internal.h"

const uint64_t CTFRecordAccel_csv_pack_table[256] = {
    0x0000000000000000u, 0x0000000000000000u, 0x0000000000000001u, 0x0000000000000100u,
    0x0000000000000002u, 0x0000000000000200u, 0x0000000000000201u, 0x0000000000020100u,
    0x0000000000000003u, 0x0000000000000300u, 0x0000000000000301u, 0x0000000000030100u,
    0x0000000000000302u, 0x0000000000030200u, 0x0000000000030201u, 0x0000000003020100u,
    0x0000000000000004u, 0x0000000000000400u, 0x0000000000000401u, 0x0000000000040100u,
    0x0000000000000402u, 0x0000000000040200u, 0x0000000000040201u, 0x0000000004020100u,
    0x0000000000000403u, 0x0000000000040300u, 0x0000000000040301u, 0x0000000004030100u,
    0x0000000000040302u, 0x0000000004030200u, 0x0000000004030201u, 0x0000000403020100u,
    0x0000000000000005u, 0x0000000000000500u, 0x0000000000000501u, 0x0000000000050100u,
    0x0000000000000502u, 0x0000000000050200u, 0x0000000000050201u, 0x0000000005020100u,
    0x0000000000000503u, 0x0000000000050300u, 0x0000000000050301u, 0x0000000005030100u,
    0x0000000000050302u, 0x0000000005030200u, 0x0000000005030201u, 0x0000000503020100u,
    0x0000000000000504u, 0x0000000000050400u, 0x0000000000050401u, 0x0000000005040100u,
    0x0000000000050402u, 0x0000000005040200u, 0x0000000005040201u, 0x0000000504020100u,
    0x0000000000050403u, 0x0000000005040300u, 0x0000000005040301u, 0x0000000504030100u,
    0x0000000005040302u, 0x0000000504030200u, 0x0000000504030201u, 0x0000050403020100u,
    0x0000000000000006u, 0x0000000000000600u, 0x0000000000000601u, 0x0000000000060100u,
    0x0000000000000602u, 0x0000000000060200u, 0x0000000000060201u, 0x0000000006020100u,
    0x0000000000000603u, 0x0000000000060300u, 0x0000000000060301u, 0x0000000006030100u,
    0x0000000000060302u, 0x0000000006030200u, 0x0000000006030201u, 0x0000000603020100u,
    0x0000000000000604u, 0x0000000000060400u, 0x0000000000060401u, 0x0000000006040100u,
    0x0000000000060402u, 0x0000000006040200u, 0x0000000006040201u, 0x0000000604020100u,
    0x0000000000060403u, 0x0000000006040300u, 0x0000000006040301u, 0x0000000604030100u,
    0x0000000006040302u, 0x0000000604030200u, 0x0000000604030201u, 0x0000060403020100u,
    0x0000000000000605u, 0x0000000000060500u, 0x0000000000060501u, 0x0000000006050100u,
    0x0000000000060502u, 0x0000000006050200u, 0x0000000006050201u, 0x0000000605020100u,
    0x0000000000060503u, 0x0000000006050300u, 0x0000000006050301u, 0x0000000605030100u,
    0x0000000006050302u, 0x0000000605030200u, 0x0000000605030201u, 0x0000060503020100u,
    0x0000000000060504u, 0x0000000006050400u, 0x0000000006050401u, 0x0000000605040100u,
    0x0000000006050402u, 0x0000000605040200u, 0x0000000605040201u, 0x0000060504020100u,
    0x0000000006050403u, 0x0000000605040300u, 0x0000000605040301u, 0x0000060504030100u,
    0x0000000605040302u, 0x0000060504030200u, 0x0000060504030201u, 0x0006050403020100u,
    0x0000000000000007u, 0x0000000000000700u, 0x0000000000000701u, 0x0000000000070100u,
    0x0000000000000702u, 0x0000000000070200u, 0x0000000000070201u, 0x0000000007020100u,
    0x0000000000000703u, 0x0000000000070300u, 0x0000000000070301u, 0x0000000007030100u,
    0x0000000000070302u, 0x0000000007030200u, 0x0000000007030201u, 0x0000000703020100u,
    0x0000000000000704u, 0x0000000000070400u, 0x0000000000070401u, 0x0000000007040100u,
    0x0000000000070402u, 0x0000000007040200u, 0x0000000007040201u, 0x0000000704020100u,
    0x0000000000070403u, 0x0000000007040300u, 0x0000000007040301u, 0x0000000704030100u,
    0x0000000007040302u, 0x0000000704030200u, 0x0000000704030201u, 0x0000070403020100u,
    0x0000000000000705u, 0x0000000000070500u, 0x0000000000070501u, 0x0000000007050100u,
    0x0000000000070502u, 0x0000000007050200u, 0x0000000007050201u, 0x0000000705020100u,
    0x0000000000070503u, 0x0000000007050300u, 0x0000000007050301u, 0x0000000705030100u,
    0x0000000007050302u, 0x0000000705030200u, 0x0000000705030201u, 0x0000070503020100u,
    0x0000000000070504u, 0x0000000007050400u, 0x0000000007050401u, 0x0000000705040100u,
    0x0000000007050402u, 0x0000000705040200u, 0x0000000705040201u, 0x0000070504020100u,
    0x0000000007050403u, 0x0000000705040300u, 0x0000000705040301u, 0x0000070504030100u,
    0x0000000705040302u, 0x0000070504030200u, 0x0000070504030201u, 0x0007050403020100u,
    0x0000000000000706u, 0x0000000000070600u, 0x0000000000070601u, 0x0000000007060100u,
    0x0000000000070602u, 0x0000000007060200u, 0x0000000007060201u, 0x0000000706020100u,
    0x0000000000070603u, 0x0000000007060300u, 0x0000000007060301u, 0x0000000706030100u,
    0x0000000007060302u, 0x0000000706030200u, 0x0000000706030201u, 0x0000070603020100u,
    0x0000000000070604u, 0x0000000007060400u, 0x0000000007060401u, 0x0000000706040100u,
    0x0000000007060402u, 0x0000000706040200u, 0x0000000706040201u, 0x0000070604020100u,
    0x0000000007060403u, 0x0000000706040300u, 0x0000000706040301u, 0x0000070604030100u,
    0x0000000706040302u, 0x0000070604030200u, 0x0000070604030201u, 0x0007060403020100u,
    0x0000000000070605u, 0x0000000007060500u, 0x0000000007060501u, 0x0000000706050100u,
    0x0000000007060502u, 0x0000000706050200u, 0x0000000706050201u, 0x0000070605020100u,
    0x0000000007060503u, 0x0000000706050300u, 0x0000000706050301u, 0x0000070605030100u,
    0x0000000706050302u, 0x0000070605030200u, 0x0000070605030201u, 0x0007060503020100u,
    0x0000000007060504u, 0x0000000706050400u, 0x0000000706050401u, 0x0000070605040100u,
    0x0000000706050402u, 0x0000070605040200u, 0x0000070605040201u, 0x0007060504020100u,
    0x0000000706050403u, 0x0000070605040300u, 0x0000070605040301u, 0x0007060504030100u,
    0x0000070605040302u, 0x0007060504030200u, 0x0007060504030201u, 0x0706050403020100u,
};

const uint8_t CTFRecordAccel_csv_bit_count[256] = {
    0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
    1, 2, 2, 3, 2, 3, 3, 4, 2, 3, 3, 4, 3, 4, 4, 5,
    1, 2, 2, 3, 2, 3, 3, 4, 2, 3, 3, 4, 3, 4, 4, 5,
    2, 3, 3, 4, 3, 4, 4, 5, 3, 4, 4, 5, 4, 5, 5, 6,
    1, 2, 2, 3, 2, 3, 3, 4, 2, 3, 3, 4, 3, 4, 4, 5,
    2, 3, 3, 4, 3, 4, 4, 5, 3, 4, 4, 5, 4, 5, 5, 6,
    2, 3, 3, 4, 3, 4, 4, 5, 3, 4, 4, 5, 4, 5, 5, 6,
    3, 4, 4, 5, 4, 5, 5, 6, 4, 5, 5, 6, 5, 6, 6, 7,
    1, 2, 2, 3, 2, 3, 3, 4, 2, 3, 3, 4, 3, 4, 4, 5,
    2, 3, 3, 4, 3, 4, 4, 5, 3, 4, 4, 5, 4, 5, 5, 6,
    2, 3, 3, 4, 3, 4, 4, 5, 3, 4, 4, 5, 4, 5, 5, 6,
    3, 4, 4, 5, 4, 5, 5, 6, 4, 5, 5, 6, 5, 6, 6, 7,
    2, 3, 3, 4, 3, 4, 4, 5, 3, 4, 4, 5, 4, 5, 5, 6,
    3, 4, 4, 5, 4, 5, 5, 6, 4, 5, 5, 6, 5, 6, 6, 7,
    3, 4, 4, 5, 4, 5, 5, 6, 4, 5, 5, 6, 5, 6, 6, 7,
    4, 5, 5, 6, 5, 6, 6, 7, 5, 6, 6, 7, 6, 7, 7, 8,
};

int CTFRecordAccel_csv_engine_available(CTFRecordAccel_CSVEngine engine) {
    switch (engine) {
    case CTFRecordAccel_CSV_SCALAR:
    case CTFRecordAccel_CSV_AUTO:
        return 1;
#if defined(__x86_64__)
    case CTFRecordAccel_CSV_SSE41:
        return (CTFRecordAccel_cpu_features() & CTFRecordAccel_CPU_SSE41) != 0;
    case CTFRecordAccel_CSV_AVX2:
        return (CTFRecordAccel_cpu_features() & CTFRecordAccel_CPU_AVX2) != 0;
#endif
#if defined(__aarch64__)
    case CTFRecordAccel_CSV_NEON:
        return (CTFRecordAccel_cpu_features() & CTFRecordAccel_CPU_NEON) != 0;
#endif
    default:
        return 0;
    }
}

CTFRecordAccel_CSVEngine CTFRecordAccel_csv_engine_resolve(CTFRecordAccel_CSVEngine engine) {
    if (engine != CTFRecordAccel_CSV_AUTO) {
        // An engine this CPU lacks (or no engine at all) runs as the reference rather than faulting.
        return CTFRecordAccel_csv_engine_available(engine) ? engine : CTFRecordAccel_CSV_SCALAR;
    }
    // Fastest first, as measured on MNIST-like rows: AVX2 runs about 1.5x SSE4.1 (AMD Zen 3), both well
    // above SCALAR.
    static const CTFRecordAccel_CSVEngine preference[] = {
        CTFRecordAccel_CSV_AVX2,
        CTFRecordAccel_CSV_SSE41,
        CTFRecordAccel_CSV_NEON,
    };
    for (size_t i = 0; i < sizeof preference / sizeof preference[0]; i++) {
        if (CTFRecordAccel_csv_engine_available(preference[i])) {
            return preference[i];
        }
    }
    return CTFRecordAccel_CSV_SCALAR;
}

// Beyond the header's contract: `consumed` and `error` may be NULL; an engine this CPU lacks runs as SCALAR.
// What is written: the label and pixel slots of the rows returned, and possibly part of the slots of the row
// that failed (the reference stores each field once it is checked, before it knows whether the row holds);
// never the slots of later rows, and every engine writes exactly the same bytes.
size_t CTFRecordAccel_csv_parse_rows(CTFRecordAccel_CSVEngine engine, const void *data, size_t length,
                                     const CTFRecordAccel_CSVRowSpec *spec, size_t max_rows, uint8_t *pixels,
                                     int64_t *labels, size_t *consumed, CTFRecordAccel_CSVError *error) {
    size_t consumed_ignored;
    CTFRecordAccel_CSVError error_ignored;
    if (consumed == NULL) {
        consumed = &consumed_ignored;
    }
    if (error == NULL) {
        error = &error_ignored;
    }
    memset(error, 0, sizeof *error);
    *consumed = 0;
    // A spec no row can satisfy. There is no code of its own for it: COLUMN_COUNT at row 0, offset 0, with
    // found_columns 0, which no real row produces (a row has at least one field), and nothing read.
    if (spec == NULL || spec->column_count == 0 ||
        (spec->label_column != SIZE_MAX && spec->label_column >= spec->column_count)) {
        error->code = CTFRecordAccel_CSV_COLUMN_COUNT;
        return 0;
    }
    if (length == 0 || max_rows == 0) {
        return 0;
    }
    const uint8_t *bytes = data;
    switch (CTFRecordAccel_csv_engine_resolve(engine)) {
#if defined(__x86_64__)
    case CTFRecordAccel_CSV_AVX2:
        return CTFRecordAccel_csv_parse_accelerated(CTFRecordAccel_csv_fast_row_avx2, bytes, length, spec,
                                                    max_rows, pixels, labels, consumed, error);
    case CTFRecordAccel_CSV_SSE41:
        return CTFRecordAccel_csv_parse_accelerated(CTFRecordAccel_csv_fast_row_sse41, bytes, length, spec,
                                                    max_rows, pixels, labels, consumed, error);
#endif
#if defined(__aarch64__)
    case CTFRecordAccel_CSV_NEON:
        return CTFRecordAccel_csv_parse_accelerated(CTFRecordAccel_csv_fast_row_neon, bytes, length, spec,
                                                    max_rows, pixels, labels, consumed, error);
#endif
    default:
        return CTFRecordAccel_csv_parse_scalar(bytes, length, spec, max_rows, pixels, labels, consumed, error);
    }
}
