// CTFRecordAccel: the hot core of swift-tfrecord, in C.
//
// Two jobs, each with a portable scalar reference and CPU-specific fast paths that are
// chosen at run time (no -march flags; per-function target attributes):
//   - CRC32C (Castagnoli), as TFRecord framing needs it;
//   - parsing rows of a numeric CSV (label + pixel values) into bytes.
//
// Every exported symbol is prefixed `CTFRecordAccel_`. Buffers are passed as
// `const void *` + `size_t` so that Swift raw buffers pass straight in.

#ifndef CTFRECORDACCEL_H
#define CTFRECORDACCEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: - CPU features

/// Bits of `CTFRecordAccel_cpu_features()`.
enum {
    CTFRecordAccel_CPU_SSE42 = 1u << 0,      ///< x86-64 SSE4.2 (`crc32` instruction).
    CTFRecordAccel_CPU_PCLMUL = 1u << 1,     ///< x86-64 carry-less multiply.
    CTFRecordAccel_CPU_SSE41 = 1u << 2,      ///< x86-64 SSE4.1.
    CTFRecordAccel_CPU_AVX2 = 1u << 3,       ///< x86-64 AVX2 (with OS support for YMM state).
    CTFRecordAccel_CPU_ARM_CRC = 1u << 8,    ///< arm64 CRC32 extension.
    CTFRecordAccel_CPU_NEON = 1u << 9,       ///< arm64 Advanced SIMD.
    CTFRecordAccel_CPU_ARM_PMULL = 1u << 10, ///< arm64 64-bit polynomial multiply (PMULL, from the AES extension).
};

/// The features of the CPU this process runs on, as a mask of `CTFRecordAccel_CPU_*` bits.
/// Computed once (cpuid / getauxval) and cached; thread-safe.
uint32_t CTFRecordAccel_cpu_features(void);

// MARK: - CRC32C

/// The CRC32C implementations. Values are stable (Swift mirrors them).
typedef enum CTFRecordAccel_CRC32CVariant {
    CTFRecordAccel_CRC32C_TABLE = 0,      ///< Portable slicing-by-8 tables.
    CTFRecordAccel_CRC32C_HARDWARE = 1,   ///< One stream of `crc32` instructions (SSE4.2 / ARMv8 CRC).
    CTFRecordAccel_CRC32C_FOLDED = 2,     ///< Three interleaved `crc32` streams combined with carry-less
                                          ///< multiply (x86-64 SSE4.2 + PCLMUL; arm64 CRC + PMULL).
    CTFRecordAccel_CRC32C_AUTO = 3,       ///< The fastest variant this CPU supports.
} CTFRecordAccel_CRC32CVariant;

/// Whether `variant` can run on this CPU (TABLE and AUTO always can).
int CTFRecordAccel_crc32c_variant_available(CTFRecordAccel_CRC32CVariant variant);

/// Extends a CRC32C over `length` bytes at `data`.
///
/// `crc` is the finished CRC of the bytes before (0 to start), the result is the finished
/// CRC of all bytes (pre- and post-inversion are done inside, as in RFC 3720 / TensorFlow's
/// `crc32c::Extend`). `variant` must be available (see above); an unavailable one falls
/// back to TABLE.
uint32_t CTFRecordAccel_crc32c(CTFRecordAccel_CRC32CVariant variant, uint32_t crc, const void *data,
                               size_t length);

/// The CRC32C of A followed by B, given crc(A), crc(B) and the length of B (zlib's
/// `crc32_combine`, for CRC32C). O(log lengthB).
uint32_t CTFRecordAccel_crc32c_combine(uint32_t crcA, uint32_t crcB, uint64_t lengthB);

// MARK: - Record headers

/// Searches `data` for the first offset where a TFRecord header that verifies starts: 8
/// bytes of little-endian length followed by the masked CRC32C of those 8 bytes, whose
/// length fits in what follows.
///
/// Offsets 0 ... `count` - 12 are tried. A header at offset `i` fits when its length is at
/// most `room` - `i`: callers pass as `room` the bytes after offset 0 that a record's data
/// may use (the file's remaining size minus the 16 bytes of framing). Returns the offset
/// and stores the length in `*length`, or returns SIZE_MAX if no offset has such a header.
/// Used to resynchronize after damage, so it runs once per byte of a damaged region.
size_t CTFRecordAccel_find_record_header(const void *data, size_t count, uint64_t room, uint64_t *length);

// MARK: - CSV rows

/// What the row parser checks and produces.
typedef struct CTFRecordAccel_CSVRowSpec {
    /// Fields every row must have (>= 1).
    size_t column_count;
    /// Index of the label column, or `SIZE_MAX` for none. The label is an unsigned decimal
    /// integer 0...INT64_MAX (at most 19 significant digits, leading zeros allowed).
    size_t label_column;
} CTFRecordAccel_CSVRowSpec;

/// Error codes of the row parser. Values are stable (Swift mirrors them).
typedef enum CTFRecordAccel_CSVErrorCode {
    CTFRecordAccel_CSV_OK = 0,
    /// A byte that is not a digit where a digit must be: field start, or inside a field a
    /// byte other than digit / ',' / '\n' / "\r\n". `byte_offset` points at it; at the end of
    /// the buffer (no byte) `byte_offset == length`.
    CTFRecordAccel_CSV_EXPECTED_DIGIT = 1,
    /// A pixel field whose value is > 255. `field_offset`/`field_length` give its digits.
    CTFRecordAccel_CSV_PIXEL_OUT_OF_RANGE = 2,
    /// The label field's value is > INT64_MAX. `field_offset`/`field_length` give its digits.
    CTFRecordAccel_CSV_LABEL_OUT_OF_RANGE = 3,
    /// The row has the wrong number of fields; `found_columns` says how many it has.
    CTFRecordAccel_CSV_COLUMN_COUNT = 4,
    /// The line is empty ("\n" or "\r\n" alone).
    CTFRecordAccel_CSV_EMPTY_LINE = 5,
} CTFRecordAccel_CSVErrorCode;

/// Where and why parsing stopped. All offsets are from the start of the buffer.
typedef struct CTFRecordAccel_CSVError {
    int32_t code;            ///< A `CTFRecordAccel_CSVErrorCode`.
    size_t row;              ///< Index of the offending row in this buffer (0-based).
    size_t row_offset;       ///< Offset of that row's first byte.
    size_t byte_offset;      ///< Offending byte (EXPECTED_DIGIT); field start otherwise.
    size_t column;           ///< 0-based field index (EXPECTED_DIGIT, *_OUT_OF_RANGE).
    size_t field_offset;     ///< Start of the offending field (*_OUT_OF_RANGE).
    size_t field_length;     ///< Its length in bytes (*_OUT_OF_RANGE).
    size_t found_columns;    ///< Fields in the row (COLUMN_COUNT).
} CTFRecordAccel_CSVError;

/// The row parser implementations. Values are stable (Swift mirrors them).
typedef enum CTFRecordAccel_CSVEngine {
    CTFRecordAccel_CSV_SCALAR = 0,   ///< The reference: one byte at a time.
    CTFRecordAccel_CSV_SSE41 = 1,    ///< 16-byte SSE4.1 classification (x86-64).
    CTFRecordAccel_CSV_AVX2 = 2,     ///< 32-byte AVX2 classification (x86-64).
    CTFRecordAccel_CSV_NEON = 3,     ///< 16-byte NEON classification (arm64).
    CTFRecordAccel_CSV_AUTO = 4,     ///< The fastest engine this CPU supports.
} CTFRecordAccel_CSVEngine;

/// Whether `engine` can run on this CPU (SCALAR and AUTO always can).
int CTFRecordAccel_csv_engine_available(CTFRecordAccel_CSVEngine engine);

/// The engine that AUTO resolves to on this CPU.
CTFRecordAccel_CSVEngine CTFRecordAccel_csv_engine_resolve(CTFRecordAccel_CSVEngine engine);

/// Parses whole rows from `data[0..<length]`.
///
/// The buffer holds complete lines: each ends in "\n" or "\r\n", except that the last may
/// end at the end of the buffer (a file without a final newline). Each row has exactly
/// `spec->column_count` comma-separated unsigned decimal fields. For row r, the label (if
/// `spec->label_column != SIZE_MAX`) goes to `labels[r]` and the other fields, in order, as
/// bytes (values 0...255) to `pixels[r * pixel_count ...]` where `pixel_count` is
/// `column_count - (label_column != SIZE_MAX)`.
///
/// Parsing stops at the end of the buffer, after `max_rows` rows, or at the first error,
/// whichever comes first. All engines give identical results: the same rows, values,
/// return value, `*consumed` and error (every field of `*error`).
///
/// - Returns: the number of rows parsed without error.
/// - `*consumed`: bytes of those rows, line ends included.
/// - `*error`: `code == CTFRecordAccel_CSV_OK` unless parsing stopped at an error in row
///   `return value` (then `error->row == return value`).
size_t CTFRecordAccel_csv_parse_rows(CTFRecordAccel_CSVEngine engine, const void *data, size_t length,
                                     const CTFRecordAccel_CSVRowSpec *spec, size_t max_rows, uint8_t *pixels,
                                     int64_t *labels, size_t *consumed, CTFRecordAccel_CSVError *error);

/// The commas in `data[0..<length]`; `*has_letter` says whether an ASCII letter is among
/// the bytes. What a CSV file's layout needs from its first lines.
size_t CTFRecordAccel_csv_count_commas(const void *data, size_t length, int *has_letter);

/// ``CTFRecordAccel_csv_count_commas`` with the engine of choice, for the differential tests:
/// AVX2 has a path of its own; every other engine runs the scalar reference.
size_t CTFRecordAccel_csv_count_commas_with(CTFRecordAccel_CSVEngine engine, const void *data, size_t length,
                                           int *has_letter);

// MARK: - Pixel encoding

/// Stores `count` bytes from `pixels` as little-endian int64 values at `out` (8 * count
/// bytes, any alignment): the reference workflow's `row[1:].tobytes()` layout.
void CTFRecordAccel_widen_u8_to_i64le(const uint8_t *pixels, size_t count, void *out);

/// Stores `count` bytes from `pixels` as protobuf varints at `out` (1 byte each below 128,
/// 2 bytes otherwise); returns the bytes written.
size_t CTFRecordAccel_write_u8_varints(const uint8_t *pixels, size_t count, void *out);

#ifdef __cplusplus
}
#endif

#endif  // CTFRECORDACCEL_H

// MARK: - Pixel transform (TFRecordTransform, issue 6) ----------------------------------------
// A section of its own, after the main include guard, with its own guard and extern "C", so
// that it can be appended without touching the declarations above. Implemented in
// transform_normalize.c.

#ifndef CTFRECORDACCEL_TRANSFORM_H
#define CTFRECORDACCEL_TRANSFORM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What a transform computes per value. Values are stable (Swift mirrors them).
typedef enum CTFRecordAccel_TransformMode {
    CTFRecordAccel_TRANSFORM_NONE = 0,         ///< `(float)x`
    CTFRecordAccel_TRANSFORM_SCALE = 1,        ///< `(float)x / 255.0f` (correctly rounded division)
    CTFRecordAccel_TRANSFORM_STANDARDIZE = 2,  ///< `((float)x - mean[c]) * inv_std[c]`, no FMA
} CTFRecordAccel_TransformMode;

/// The transform implementations. Values are stable (Swift mirrors them).
typedef enum CTFRecordAccel_TransformVariant {
    CTFRecordAccel_TRANSFORM_PORTABLE = 0,  ///< Plain loops (compiler-vectorized where it can).
    CTFRecordAccel_TRANSFORM_AVX2 = 1,      ///< x86-64 AVX2, 8 floats per instruction.
    CTFRecordAccel_TRANSFORM_AUTO = 2,      ///< The fastest variant this CPU supports.
} CTFRecordAccel_TransformVariant;

/// One transform: images of `pixels` (height × width) pixels of `channels` UInt8 values each,
/// in HWC order (channel last).
typedef struct CTFRecordAccel_TransformSpec {
    size_t pixels;                      ///< height × width (>= 1).
    size_t channels;                    ///< values per pixel (>= 1).
    int channel_first;                  ///< 0: output in HWC order; 1: CHW (one plane per channel).
    CTFRecordAccel_TransformMode mode;
    const float *mean;                  ///< `channels` values (STANDARDIZE only, else may be NULL).
    const float *inv_std;               ///< `channels` values, 1 / std computed by the caller.
} CTFRecordAccel_TransformSpec;

/// Whether `variant` can run on this CPU (PORTABLE and AUTO always can).
int CTFRecordAccel_transform_variant_available(CTFRecordAccel_TransformVariant variant);

/// The variant that `variant` runs as on this CPU (AUTO → the fastest; unavailable → PORTABLE).
CTFRecordAccel_TransformVariant CTFRecordAccel_transform_variant_resolve(CTFRecordAccel_TransformVariant variant);

/// Transforms `images` images: reads `images * pixels * channels` bytes at `input`, writes as
/// many floats at `output` (any alignment; the buffers must not overlap). Every variant gives
/// bit-identical results.
void CTFRecordAccel_transform_u8_to_f32(CTFRecordAccel_TransformVariant variant,
                                        const CTFRecordAccel_TransformSpec *spec, const void *input, size_t images,
                                        float *output);

#ifdef __cplusplus
}
#endif

#endif  // CTFRECORDACCEL_TRANSFORM_H

// MARK: - Area resize (TFRecordImages, issue 14) -------------------------------------------------
// Its own section and guard, like the pixel transform's. Implemented in resize_area.c.

#ifndef CTFRECORDACCEL_RESIZE_H
#define CTFRECORDACCEL_RESIZE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Shrinks an 8-bit image by area averaging (a box filter; OpenCV's INTER_AREA and Pillow's
/// BOX when shrinking).
///
/// Output pixel (x, y) covers the source rectangle [x·sw/dw, (x+1)·sw/dw) × [y·sh/dh,
/// (y+1)·sh/dh); every source pixel counts with the area it shares with that rectangle,
/// fractional overlaps included. Weights are exact integers (coordinates scaled by dw and
/// dh), sums are 64-bit, and the result is the exact weighted mean rounded half up, so any
/// size and any engine give the same bytes.
///
/// `src` holds `src_height` rows of `src_width * channels` bytes, `dst` receives `dst_height`
/// rows of `dst_width * channels` bytes (no padding, buffers must not overlap).
///
/// - Returns: 0, or -1 (nothing written) for a zero size, a target larger than the source in
///   either direction, `src_width * src_height` of 2^40 or more, or failed allocation.
int CTFRecordAccel_resize_area_u8(const void *src, size_t src_width, size_t src_height, size_t channels, void *dst,
                                  size_t dst_width, size_t dst_height);

/// The two ways ``CTFRecordAccel_resize_area_u8`` computes: both give the same bytes.
typedef enum CTFRecordAccel_ResizeVariant {
    CTFRecordAccel_RESIZE_AUTO = 0,    ///< NARROW where it applies, else WIDE.
    CTFRecordAccel_RESIZE_WIDE = 1,    ///< 64-bit sums: any size (the reference).
    CTFRecordAccel_RESIZE_NARROW = 2,  ///< 32-bit sums, portable loops: sources below 2^23 pixels; else WIDE.
    CTFRecordAccel_RESIZE_NARROW_AVX2 = 3,  ///< NARROW's loops with AVX2 (x86-64); unavailable → NARROW.
} CTFRecordAccel_ResizeVariant;

/// Whether `variant` can run on this CPU (AUTO, WIDE and NARROW always can).
int CTFRecordAccel_resize_variant_available(CTFRecordAccel_ResizeVariant variant);

/// ``CTFRecordAccel_resize_area_u8`` computed as `variant` (for differential tests and
/// benchmarks); the same results and failures.
int CTFRecordAccel_resize_area_u8_variant(CTFRecordAccel_ResizeVariant variant, const void *src, size_t src_width,
                                          size_t src_height, size_t channels, void *dst, size_t dst_width,
                                          size_t dst_height);

/// Whether the NARROW variant applies to a source of this size (below 2^23 pixels).
int CTFRecordAccel_resize_area_narrow_applies(size_t src_width, size_t src_height);

/// ``CTFRecordAccel_resize_area_u8_variant`` for rows `src_stride` and `dst_stride` bytes
/// apart (at least `width * channels`; the bytes between rows are neither read nor written):
/// for one plane of a planar image, whose rows are padded.
///
/// - Returns: as ``CTFRecordAccel_resize_area_u8``; -1 also for a stride below the row.
int CTFRecordAccel_resize_area_u8_strided(CTFRecordAccel_ResizeVariant variant, const void *src, size_t src_stride,
                                          size_t src_width, size_t src_height, size_t channels, void *dst,
                                          size_t dst_stride, size_t dst_width, size_t dst_height);

/// Fills the padding of an 8-bit plane by repeating its edges: in each of the first `height`
/// rows the bytes from `width` to `padded_width` repeat byte `width - 1`, and rows `height`
/// to `padded_height` repeat row `height - 1` (`padded_width` bytes each). Rows are `stride`
/// bytes apart (`stride >= padded_width`).
///
/// A JPEG encoder reads whole blocks: this is what libjpeg itself puts beyond the edge when it
/// pads an image, so that the padding is determined by the image and costs the fewest bits.
///
/// - Returns: 0, or -1 (nothing written) when `width` or `height` is 0, either exceeds its
///   padded size, or `stride` is below `padded_width`.
int CTFRecordAccel_plane_extend_edges(void *plane, size_t stride, size_t width, size_t height, size_t padded_width,
                                      size_t padded_height);

// MARK: File writeback

/// Starts writing the dirty page-cache pages of `count` bytes of `fd` from `offset` to the
/// storage device and returns without waiting (`sync_file_range` with
/// `SYNC_FILE_RANGE_WRITE`; `count` 0 means to the end of the file). It makes nothing
/// durable: a later `fsync` still does that, but finds less left to write.
///
/// - Returns: 0, or the `errno` of the call (`ENOSYS` where the system has no such call).
int CTFRecordAccel_start_writeback(int fd, int64_t offset, int64_t count);

#ifdef __cplusplus
}
#endif

#endif  // CTFRECORDACCEL_RESIZE_H
