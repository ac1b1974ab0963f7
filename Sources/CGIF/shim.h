#ifndef CGIF_SHIM_H
#define CGIF_SHIM_H
#include <gif_lib.h>
#include <stddef.h>
#include <string.h>

// giflib reads through a callback; this one reads from memory, so that Swift passes a raw
// buffer and no C function pointer is built in Swift.

/// The bytes giflib reads and how far it has read.
typedef struct CGIF_MemorySource {
    const unsigned char *bytes;
    size_t count;
    size_t offset;
} CGIF_MemorySource;

/// giflib's InputFunc over a CGIF_MemorySource: copies at most what is left; a short read
/// makes giflib fail with D_GIF_ERR_READ_FAILED.
static inline int CGIF_read_memory(GifFileType *gif, GifByteType *out, int wanted) {
    CGIF_MemorySource *source = (CGIF_MemorySource *)gif->UserData;
    if (wanted <= 0) return 0;
    size_t left = source->count - source->offset;
    size_t n = (size_t)wanted < left ? (size_t)wanted : left;
    if (n > 0) memcpy(out, source->bytes + source->offset, n);
    source->offset += n;
    return (int)n;
}

/// DGifOpen over `source`, which must outlive the returned handle (closed with DGifCloseFile).
static inline GifFileType *CGIF_open_memory(CGIF_MemorySource *source, int *error) {
    return DGifOpen(source, CGIF_read_memory, error);
}
#endif
