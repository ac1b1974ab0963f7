// Starting writeback of a file's dirty pages without waiting for it: sync_file_range(2) is a
// GNU extension that Swift's Glibc module does not export, hence this one-function shim.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>

#include "CTFRecordAccel.h"

int CTFRecordAccel_start_writeback(int fd, int64_t offset, int64_t count) {
#if defined(__linux__)
    if (sync_file_range(fd, (off_t)offset, (off_t)count, SYNC_FILE_RANGE_WRITE) == 0) return 0;
    return errno;
#else
    (void)fd;
    (void)offset;
    (void)count;
    return ENOSYS;
#endif
}
