/* x86-64 numbers of the syscalls on files that filelife, filegone and
 * vfsstat watch.  Plain C: both sides. */
#pragma once

#define CS_NR_READ 0
#define CS_NR_WRITE 1
#define CS_NR_OPEN 2
#define CS_NR_PREAD64 17
#define CS_NR_PWRITE64 18
#define CS_NR_READV 19
#define CS_NR_WRITEV 20
#define CS_NR_FSYNC 74
#define CS_NR_FDATASYNC 75
#define CS_NR_RENAME 82
#define CS_NR_MKDIR 83
#define CS_NR_RMDIR 84
#define CS_NR_CREAT 85
#define CS_NR_UNLINK 87
#define CS_NR_OPENAT 257
#define CS_NR_MKDIRAT 258
#define CS_NR_UNLINKAT 263
#define CS_NR_RENAMEAT 264
#define CS_NR_PREADV 295
#define CS_NR_PWRITEV 296
#define CS_NR_RENAMEAT2 316
#define CS_NR_PREADV2 327
#define CS_NR_PWRITEV2 328
#define CS_NR_OPENAT2 437

#define CS_AT_REMOVEDIR 0x200 /* unlinkat(): remove a directory */

/* The open family: open(), creat(), openat(), openat2(). */
#define CS_NR_IS_OPEN(nr) \
	((nr) == CS_NR_OPEN || (nr) == CS_NR_CREAT || (nr) == CS_NR_OPENAT || (nr) == CS_NR_OPENAT2)
