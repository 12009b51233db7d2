/* File I/O system calls on a file descriptor (bpf/include/file_io.bpf.h):
 * the operations and the sizes both sides agree on.  Plain C. */
#pragma once
#include "sizes.h"

enum cs_file_op {
	CS_FILE_READ,    /* read, readv, pread64, preadv, preadv2 */
	CS_FILE_WRITE,   /* write, writev, pwrite64, pwritev, pwritev2 */
	CS_FILE_OPEN,    /* open, openat, openat2, creat */
	CS_FILE_FSYNC,   /* fsync, fdatasync */
	CS_FILE_GETATTR, /* fstat, and newfstatat / statx of "" with AT_EMPTY_PATH */
	CS_FILE_OPS,
};

#define CS_FILE_OP_BIT(op) (1u << (op))
#define CS_FILE_NAME_MAX 256 /* a dentry name (NAME_MAX) and its NUL */
#define CS_FILE_FS_MAX 16    /* a file system type name ("ext4") and its NUL */

/* The kind of file, as libbpf-tools' filetop prints it. */
#define CS_FILE_REGULAR 'R'
#define CS_FILE_SOCKET 'S'
#define CS_FILE_OTHER 'O'

/* One call of the slow-call tools (fsslower, fileslower): cs_file_send()
 * fills it. */
struct cs_file_event {
	__u64 ts_ns;  /* bpf_ktime_get_ns() at the exit */
	__u64 lat_ns;
	__s64 offset; /* where in the file the call started */
	__s64 bytes;  /* read or written; 0 for the other operations */
	__u32 pid;
	__u32 tid;
	__u32 op;     /* enum cs_file_op */
	char kind;    /* CS_FILE_REGULAR, CS_FILE_SOCKET, CS_FILE_OTHER */
	char comm[CS_COMM_LEN];
	char name[CS_FILE_NAME_MAX];
};
