// Pixel transform (issue 6): UInt8 HWC pixels -> Float32, normalized, in HWC or CHW order.
//
// Two variants with bit-identical results (TFRecordTransform's Swift scalar loop is the
// reference; Tests/TFRecordTransformTests compares every variant with it):
//   - PORTABLE: plain loops (compilers vectorize the HWC cases with the baseline ISA);
//   - AVX2 (x86-64): 8 floats per instruction, a pshufb deinterleave for 3-channel CHW.
//     No -m flags reach this file (SwiftPM, no unsafeFlags): the functions carry
//     target("avx2") and are reached only when CTFRecordAccel_cpu_features() reports AVX2.
//
// The arithmetic is exactly that of the reference, one IEEE-754 binary32 operation at a time:
//   none         y = (float)x
//   scale        y = (float)x / 255.0f                 (division, correctly rounded)
//   standardize  y = ((float)x - mean[c]) * inv_std[c]  (inv_std = 1 / std, by the caller)
// (float)x is exact, sub/mul/div are correctly rounded in both scalar SSE and AVX, and
// nothing is contracted into an FMA (the pragma below; the intrinsics name each operation).

#include "CTFRecordAccel.h"

#include <string.h>

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>
#define TARGET_AVX2 __attribute__((target("avx2")))
#endif

// MARK: - Scalar pieces (the portable variant, and the AVX2 variant's tails)

static inline float transform_value(CTFRecordAccel_TransformMode mode, uint8_t x, float mean, float inv_std) {
    const float f = (float)x;
    switch (mode) {
    case CTFRecordAccel_TRANSFORM_NONE:
        return f;
    case CTFRecordAccel_TRANSFORM_SCALE:
        return f / 255.0f;
    default:
        return (f - mean) * inv_std;
    }
}

// Elements [start, end) of a batch whose output keeps the input order (HWC, or CHW with one
// channel); element i belongs to channel i % channels.
static void flat_scalar(const CTFRecordAccel_TransformSpec *spec, const uint8_t *in, float *out, size_t start,
                        size_t end) {
    const size_t channels = spec->channels;
    switch (spec->mode) {
    case CTFRecordAccel_TRANSFORM_NONE:
        for (size_t i = start; i < end; i++) out[i] = (float)in[i];
        break;
    case CTFRecordAccel_TRANSFORM_SCALE:
        for (size_t i = start; i < end; i++) out[i] = (float)in[i] / 255.0f;
        break;
    default:
        if (channels == 1) {
            const float mean = spec->mean[0], inv_std = spec->inv_std[0];
            for (size_t i = start; i < end; i++) out[i] = ((float)in[i] - mean) * inv_std;
        } else {
            for (size_t i = start; i < end; i++) {
                const size_t c = i % channels;
                out[i] = ((float)in[i] - spec->mean[c]) * spec->inv_std[c];
            }
        }
        break;
    }
}

// Pixels [start, end) of one image, channel `c`, into its CHW plane.
static void plane_scalar(const CTFRecordAccel_TransformSpec *spec, const uint8_t *image, float *plane, size_t c,
                         size_t start, size_t end) {
    const size_t channels = spec->channels;
    const float mean = spec->mode == CTFRecordAccel_TRANSFORM_STANDARDIZE ? spec->mean[c] : 0.0f;
    const float inv_std = spec->mode == CTFRecordAccel_TRANSFORM_STANDARDIZE ? spec->inv_std[c] : 1.0f;
    for (size_t p = start; p < end; p++) {
        plane[p] = transform_value(spec->mode, image[p * channels + c], mean, inv_std);
    }
}

static void transform_portable(const CTFRecordAccel_TransformSpec *spec, const uint8_t *in, size_t images,
                               float *out) {
    const size_t pixels = spec->pixels, channels = spec->channels, elements = pixels * channels;
    if (!spec->channel_first || channels == 1) {
        flat_scalar(spec, in, out, 0, images * elements);
        return;
    }
    for (size_t i = 0; i < images; i++) {
        for (size_t c = 0; c < channels; c++) {
            plane_scalar(spec, in + i * elements, out + i * elements + c * pixels, c, 0, pixels);
        }
    }
}

// MARK: - AVX2

#if defined(__x86_64__)

// The pattern of per-lane parameters repeats every 8 * channels elements (8 pixels), so
// `channels` vectors of 8 lanes cover it; HWC with more channels than this goes portable.
#define AVX2_MAX_PATTERN 8

TARGET_AVX2 static inline __m256 load8_u8(const uint8_t *p) {
    return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)p)));
}

TARGET_AVX2 __attribute__((always_inline)) static inline __m256 apply8(CTFRecordAccel_TransformMode mode, __m256 x,
                                                                        __m256 mean, __m256 inv_std) {
    switch (mode) {
    case CTFRecordAccel_TRANSFORM_NONE:
        return x;
    case CTFRecordAccel_TRANSFORM_SCALE:
        return _mm256_div_ps(x, _mm256_set1_ps(255.0f));
    default:
        return _mm256_mul_ps(_mm256_sub_ps(x, mean), inv_std);
    }
}

// HWC (or one channel): n elements; lane k of vector j of a period holds channel (8j + k) % channels.
TARGET_AVX2 __attribute__((always_inline)) static inline void flat_avx2_mode(CTFRecordAccel_TransformMode mode,
                                                                             const CTFRecordAccel_TransformSpec *spec,
                                                                             const uint8_t *in, float *out, size_t n) {
    const size_t channels = spec->channels;
    __m256 mean[AVX2_MAX_PATTERN], inv_std[AVX2_MAX_PATTERN];
    const size_t period = mode == CTFRecordAccel_TRANSFORM_STANDARDIZE ? channels : 1;
    for (size_t j = 0; j < period; j++) {
        float m[8], v[8];
        for (size_t k = 0; k < 8; k++) {
            const size_t c = (8 * j + k) % channels;
            m[k] = mode == CTFRecordAccel_TRANSFORM_STANDARDIZE ? spec->mean[c] : 0.0f;
            v[k] = mode == CTFRecordAccel_TRANSFORM_STANDARDIZE ? spec->inv_std[c] : 1.0f;
        }
        mean[j] = _mm256_loadu_ps(m);
        inv_std[j] = _mm256_loadu_ps(v);
    }
    size_t i = 0;
    if (period == 1) {
        for (; i + 32 <= n; i += 32) {
            const __m256 a = apply8(mode, load8_u8(in + i), mean[0], inv_std[0]);
            const __m256 b = apply8(mode, load8_u8(in + i + 8), mean[0], inv_std[0]);
            const __m256 c = apply8(mode, load8_u8(in + i + 16), mean[0], inv_std[0]);
            const __m256 d = apply8(mode, load8_u8(in + i + 24), mean[0], inv_std[0]);
            _mm256_storeu_ps(out + i, a);
            _mm256_storeu_ps(out + i + 8, b);
            _mm256_storeu_ps(out + i + 16, c);
            _mm256_storeu_ps(out + i + 24, d);
        }
    }
    size_t j = 0;
    for (; i + 8 <= n; i += 8) {
        _mm256_storeu_ps(out + i, apply8(mode, load8_u8(in + i), mean[j], inv_std[j]));
        j = j + 1 == period ? 0 : j + 1;
    }
    flat_scalar(spec, in, out, i, n);
}

TARGET_AVX2 static void flat_avx2(const CTFRecordAccel_TransformSpec *spec, const uint8_t *in, float *out, size_t n) {
    switch (spec->mode) {
    case CTFRecordAccel_TRANSFORM_NONE:
        flat_avx2_mode(CTFRecordAccel_TRANSFORM_NONE, spec, in, out, n);
        break;
    case CTFRecordAccel_TRANSFORM_SCALE:
        flat_avx2_mode(CTFRecordAccel_TRANSFORM_SCALE, spec, in, out, n);
        break;
    default:
        flat_avx2_mode(CTFRecordAccel_TRANSFORM_STANDARDIZE, spec, in, out, n);
        break;
    }
}

// pshufb masks that pick channel ch of 16 RGB pixels (48 bytes = three vectors) from vector v.
static const int8_t rgb_masks[3][3][16] = {
    {{0, 3, 6, 9, 12, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},
     {-1, -1, -1, -1, -1, -1, 2, 5, 8, 11, 14, -1, -1, -1, -1, -1},
     {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1, 4, 7, 10, 13}},
    {{1, 4, 7, 10, 13, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},
     {-1, -1, -1, -1, -1, 0, 3, 6, 9, 12, 15, -1, -1, -1, -1, -1},
     {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 2, 5, 8, 11, 14}},
    {{2, 5, 8, 11, 14, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1},
     {-1, -1, -1, -1, -1, 1, 4, 7, 10, 13, -1, -1, -1, -1, -1, -1},
     {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 3, 6, 9, 12, 15}},
};

// CHW with channels > 1: per image, per plane.
TARGET_AVX2 __attribute__((always_inline)) static inline void planes_avx2_mode(
    CTFRecordAccel_TransformMode mode, const CTFRecordAccel_TransformSpec *spec, const uint8_t *in, size_t images,
    float *out) {
    const size_t pixels = spec->pixels, channels = spec->channels, elements = pixels * channels;
    __m256 mean[4], inv_std[4];
    __m128i masks[3][3];
    if (channels == 3) {
        for (size_t ch = 0; ch < 3; ch++) {
            for (size_t v = 0; v < 3; v++) masks[ch][v] = _mm_loadu_si128((const __m128i *)rgb_masks[ch][v]);
        }
    }
    for (size_t c = 0; c < channels && c < 4; c++) {
        mean[c] = _mm256_set1_ps(mode == CTFRecordAccel_TRANSFORM_STANDARDIZE ? spec->mean[c] : 0.0f);
        inv_std[c] = _mm256_set1_ps(mode == CTFRecordAccel_TRANSFORM_STANDARDIZE ? spec->inv_std[c] : 1.0f);
    }
    for (size_t i = 0; i < images; i++) {
        const uint8_t *image = in + i * elements;
        float *planes = out + i * elements;
        size_t p = 0;
        if (channels == 3) {
            for (; p + 16 <= pixels; p += 16) {
                const __m128i a = _mm_loadu_si128((const __m128i *)(image + 3 * p));
                const __m128i b = _mm_loadu_si128((const __m128i *)(image + 3 * p + 16));
                const __m128i d = _mm_loadu_si128((const __m128i *)(image + 3 * p + 32));
                for (size_t ch = 0; ch < 3; ch++) {
                    const __m128i bytes = _mm_or_si128(
                        _mm_or_si128(_mm_shuffle_epi8(a, masks[ch][0]), _mm_shuffle_epi8(b, masks[ch][1])),
                        _mm_shuffle_epi8(d, masks[ch][2]));
                    const __m256 lo = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(bytes));
                    const __m256 hi = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(bytes, 8)));
                    float *plane = planes + ch * pixels;
                    _mm256_storeu_ps(plane + p, apply8(mode, lo, mean[ch], inv_std[ch]));
                    _mm256_storeu_ps(plane + p + 8, apply8(mode, hi, mean[ch], inv_std[ch]));
                }
            }
        } else if (channels <= 4) {
            for (; p + 8 <= pixels; p += 8) {
                for (size_t ch = 0; ch < channels; ch++) {
                    uint8_t bytes[8];
                    for (size_t k = 0; k < 8; k++) bytes[k] = image[(p + k) * channels + ch];
                    _mm256_storeu_ps(planes + ch * pixels + p, apply8(mode, load8_u8(bytes), mean[ch], inv_std[ch]));
                }
            }
        }
        for (size_t ch = 0; ch < channels; ch++) plane_scalar(spec, image, planes + ch * pixels, ch, p, pixels);
    }
}

TARGET_AVX2 static void planes_avx2(const CTFRecordAccel_TransformSpec *spec, const uint8_t *in, size_t images,
                                    float *out) {
    switch (spec->mode) {
    case CTFRecordAccel_TRANSFORM_NONE:
        planes_avx2_mode(CTFRecordAccel_TRANSFORM_NONE, spec, in, images, out);
        break;
    case CTFRecordAccel_TRANSFORM_SCALE:
        planes_avx2_mode(CTFRecordAccel_TRANSFORM_SCALE, spec, in, images, out);
        break;
    default:
        planes_avx2_mode(CTFRecordAccel_TRANSFORM_STANDARDIZE, spec, in, images, out);
        break;
    }
}

static void transform_avx2(const CTFRecordAccel_TransformSpec *spec, const uint8_t *in, size_t images, float *out) {
    const size_t channels = spec->channels, elements = spec->pixels * channels;
    if (!spec->channel_first || channels == 1) {
        if (channels <= AVX2_MAX_PATTERN || spec->mode != CTFRecordAccel_TRANSFORM_STANDARDIZE) {
            flat_avx2(spec, in, out, images * elements);
        } else {
            transform_portable(spec, in, images, out);
        }
    } else if (channels <= 4) {
        planes_avx2(spec, in, images, out);
    } else {
        transform_portable(spec, in, images, out);
    }
}

#endif  // __x86_64__

// MARK: - Dispatch

int CTFRecordAccel_transform_variant_available(CTFRecordAccel_TransformVariant variant) {
    switch (variant) {
    case CTFRecordAccel_TRANSFORM_PORTABLE:
    case CTFRecordAccel_TRANSFORM_AUTO:
        return 1;
    case CTFRecordAccel_TRANSFORM_AVX2:
#if defined(__x86_64__)
        return (CTFRecordAccel_cpu_features() & CTFRecordAccel_CPU_AVX2) != 0;
#else
        return 0;
#endif
    }
    return 0;
}

CTFRecordAccel_TransformVariant CTFRecordAccel_transform_variant_resolve(CTFRecordAccel_TransformVariant variant) {
    if (variant == CTFRecordAccel_TRANSFORM_AUTO) {
        return CTFRecordAccel_transform_variant_available(CTFRecordAccel_TRANSFORM_AVX2)
                   ? CTFRecordAccel_TRANSFORM_AVX2
                   : CTFRecordAccel_TRANSFORM_PORTABLE;
    }
    return CTFRecordAccel_transform_variant_available(variant) ? variant : CTFRecordAccel_TRANSFORM_PORTABLE;
}

void CTFRecordAccel_transform_u8_to_f32(CTFRecordAccel_TransformVariant variant,
                                        const CTFRecordAccel_TransformSpec *spec, const void *input, size_t images,
                                        float *output) {
    if (images == 0 || spec->pixels == 0 || spec->channels == 0) return;
    const uint8_t *in = (const uint8_t *)input;
    switch (CTFRecordAccel_transform_variant_resolve(variant)) {
#if defined(__x86_64__)
    case CTFRecordAccel_TRANSFORM_AVX2:
        transform_avx2(spec, in, images, output);
        return;
#endif
    default:
        transform_portable(spec, in, images, output);
        return;
    }
}
