// Pixel transform kernel of swift-tfrecord (OpenCL C 1.2), embedded in the binary by the
// `Kernels` target and built at run time by TFRecordTransform (see README.md in this folder).
//
// One fused kernel, normalize_pixels (not "normalize": that is an OpenCL C built-in): UInt8
// pixels in HWC order (row-major, channel last, as the CSV holds them) -> Float32,
// normalized, in HWC or CHW order. The variant is chosen when the program
// is built, with these macros (TFRecordTransform passes all of them):
//
//   CHANNELS       channels per pixel (>= 1)
//   MODE           0: none         y = (float)x
//                  1: scale        y = (float)x / 255.0f  (correctly rounded division)
//                  2: standardize  y = ((float)x - mean[c]) * inv_std[c]
//   CHANNEL_FIRST  0: HWC output (same order as the input), 1: CHW (one plane per channel)
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
#ifndef CHANNEL_FIRST
#error "build with -DCHANNEL_FIRST=0|1"
#endif

// Work item (p, i): pixel p of image i of the launch; it converts the CHANNELS values of
// that pixel. Global size: (pixels, images); any local size.
__kernel void normalize_pixels(__global const uchar *restrict input, __global float *restrict output,
                        __constant float *mean, __constant float *inv_std, uint pixels) {
    const size_t p = get_global_id(0);
    const size_t image = get_global_id(1);
    if (p >= pixels) {
        return;
    }
    const size_t base = image * (size_t)pixels * CHANNELS;
    for (int c = 0; c < CHANNELS; c++) {
        const float x = convert_float(input[base + p * CHANNELS + c]);
#if MODE == 0
        const float y = x;
#elif MODE == 1
        const float y = x / 255.0f;
#else
        const float y = (x - mean[c]) * inv_std[c];
#endif
#if CHANNEL_FIRST
        output[base + (size_t)c * pixels + p] = y;
#else
        output[base + p * CHANNELS + c] = y;
#endif
    }
}
