// Pixel transform kernels of swift-tfrecord (OpenCL C 1.2), embedded in the binary by the
// `Kernels` target and built at run time by TFRecordTransform (see README.md in this folder).
//
// UInt8 pixels in HWC order (row-major, channel last, as the CSV holds them) -> Float32,
// normalized, in HWC or CHW order. Two kernels, each fusing normalization and layout:
//
//   normalize_flat    the output keeps the input's order (HWC, or CHW with one channel):
//                     one work item per 8 consecutive values (vload8 / vstore8), 1-D
//   normalize_planes  CHW with more than one channel: one work item per 8 pixels of an
//                     image, writing 8 values to each of the CHANNELS planes, 2-D (group, image)
//
// 8 lanes, not 16: PoCL vectorizes them to AVX2 registers, and float16 makes its compiler
// print ABI warnings on CPUs without AVX-512.
//
// (Not "normalize": that name is an OpenCL C built-in.) The variant is chosen when the
// program is built, with these macros (TFRecordTransform passes all of them):
//
//   CHANNELS       channels per pixel (>= 1)
//   MODE           0: none         y = (float)x
//                  1: scale        y = (float)x / 255.0f  (correctly rounded division)
//                  2: standardize  y = ((float)x - mean[c]) * inv_std[c]
//
// Bit-identity with the CPU engines (Swift scalar reference, C SIMD) is the contract:
//   - no contraction of a*b+c into fma (FP_CONTRACT OFF below; standardize has no such
//     pattern anyway, this keeps it that way);
//   - scale divides, and the program is built with -cl-fp32-correctly-rounded-divide-sqrt
//     (OpenCL C otherwise allows 2.5 ulp for single-precision division); x * (1/255) is
//     NOT the same function: it differs from x / 255 for 126 of the 256 inputs;
//   - inv_std is computed once on the host as 1 / std in Float32 and passed in.
// The host also checks every (value, channel) pair against the reference once per program
// build before using the device, so a driver that ignores the build option is caught.

#pragma OPENCL FP_CONTRACT OFF

#ifndef CHANNELS
#error "build with -DCHANNELS=<channels per pixel>"
#endif
#ifndef MODE
#error "build with -DMODE=0|1|2"
#endif

#if MODE == 0
#define TRANSFORM(x, mean, inv_std) (x)
#elif MODE == 1
#define TRANSFORM(x, mean, inv_std) ((x) / 255.0f)
#else
#define TRANSFORM(x, mean, inv_std) (((x) - (mean)) * (inv_std))
#endif

// Values [8 i, 8 i + 8) of a launch of `count` values. Value v belongs to channel
// v % CHANNELS; since 8 * CHANNELS values span whole pixels, work item i uses lane pattern
// i % CHANNELS: `mean` and `inv_std` hold CHANNELS vectors of 8, lane k of vector j being the
// parameter of channel (8 j + k) % CHANNELS. The last work item may have fewer than 8 values.
__kernel void normalize_flat(__global const uchar *restrict input, __global float *restrict output,
                             __constant float *mean, __constant float *inv_std, uint pixels, ulong count) {
    const size_t i = get_global_id(0);
    const size_t first = i * 8;
    const size_t pattern = i % CHANNELS;
    if (first + 8 <= count) {
        const float8 x = convert_float8(vload8(i, input));
        vstore8(TRANSFORM(x, vload8(pattern, mean), vload8(pattern, inv_std)), i, output);
    } else {
        for (size_t k = 0; first + k < count; k++) {
            const float x = convert_float(input[first + k]);
            output[first + k] = TRANSFORM(x, mean[pattern * 8 + k], inv_std[pattern * 8 + k]);
        }
    }
}

// Pixels [8 g, 8 g + 8) of image `image` of the launch: each channel's 8 values are gathered
// into one vector and stored to that channel's plane. `mean` and `inv_std` hold one value per
// channel. The last group of an image may have fewer than 8 pixels.
#define GATHER(k) src[(k) * CHANNELS]
__kernel void normalize_planes(__global const uchar *restrict input, __global float *restrict output,
                               __constant float *mean, __constant float *inv_std, uint pixels, ulong count) {
    const size_t first = get_global_id(0) * 8;
    const size_t image = get_global_id(1);
    const size_t base = image * (size_t)pixels * CHANNELS;
    if (first + 8 <= pixels) {
        for (int c = 0; c < CHANNELS; c++) {
            __global const uchar *src = input + base + first * CHANNELS + c;
            const uchar8 bytes =
                (uchar8)(GATHER(0), GATHER(1), GATHER(2), GATHER(3), GATHER(4), GATHER(5), GATHER(6), GATHER(7));
            const float8 x = convert_float8(bytes);
            vstore8(TRANSFORM(x, mean[c], inv_std[c]), 0, output + base + (size_t)c * pixels + first);
        }
    } else {
        for (size_t p = first; p < pixels; p++) {
            for (int c = 0; c < CHANNELS; c++) {
                const float x = convert_float(input[base + p * CHANNELS + c]);
                output[base + (size_t)c * pixels + p] = TRANSFORM(x, mean[c], inv_std[c]);
            }
        }
    }
}
