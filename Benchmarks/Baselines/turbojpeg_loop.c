// The bare TurboJPEG baseline for `scripts/bench`: encodes the raw 28x28 grayscale images in
// a file (N * 784 bytes: scripts/bench writes the pixels of the seed CSV, the images `tfrec bench`
// encodes) with tjCompress2 at
// quality 95, the accurate DCT and a preallocated buffer (the same flags as tfrec's
// JPEGEncoder), and prints microseconds per image (best of 5 passes).
//
//   cc -O2 turbojpeg_loop.c -o turbojpeg_loop -lturbojpeg && ./turbojpeg_loop pixels.raw
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <turbojpeg.h>

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s PIXELS.raw\n", argv[0]); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *pixels = malloc((size_t)size);
    if (!pixels || fread(pixels, 1, (size_t)size, f) != (size_t)size) { fprintf(stderr, "read failed\n"); return 1; }
    fclose(f);
    const int side = 28, count = (int)(size / (side * side));
    tjhandle handle = tjInitCompress();
    unsigned long capacity = tjBufSize(side, side, TJSAMP_GRAY);
    unsigned char *jpeg = tjAlloc((int)capacity);
    double best = 1e30;
    unsigned long total = 0;
    for (int pass = 0; pass < 5; pass++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        for (int i = 0; i < count; i++) {
            unsigned long length = capacity;
            if (tjCompress2(handle, pixels + (size_t)i * side * side, side, 0, side, TJPF_GRAY, &jpeg, &length,
                            TJSAMP_GRAY, 95, TJFLAG_NOREALLOC | TJFLAG_ACCURATEDCT) != 0) {
                fprintf(stderr, "tjCompress2: %s\n", tjGetErrorStr2(handle));
                return 1;
            }
            total += length;
        }
        clock_gettime(CLOCK_MONOTONIC, &b);
        double seconds = (double)(b.tv_sec - a.tv_sec) + 1e-9 * (double)(b.tv_nsec - a.tv_nsec);
        if (seconds < best) best = seconds;
    }
    printf("%.3f\n", best * 1e6 / count);
    fprintf(stderr, "(%lu bytes encoded)\n", total);
    tjFree(jpeg);
    tjDestroy(handle);
    free(pixels);
    return 0;
}
