/* opensnoop: record shared by bpf/opensnoop.bpf.c and tools/opensnoop.cpp. */
#pragma once
#include "include/sizes.h"

#define OPENSNOOP_COMM_LEN CS_COMM_LEN
#define OPENSNOOP_PATH_MAX 4096 /* PATH_MAX: the kernel refuses longer paths */
#define OPENSNOOP_NAME_MAX 256  /* one directory name with its NUL (-F) */
#define OPENSNOOP_DIRS_END 8192 /* power of two: directory names end before it */
#define OPENSNOOP_DATA_SIZE (OPENSNOOP_DIRS_END + OPENSNOOP_NAME_MAX)
#define OPENSNOOP_MAX_DEPTH 64 /* directory levels (and mount crossings) walked for -F */

/* dir_status: what the directory names after the path describe (-F). */
#define OPENSNOOP_DIR_NONE 0      /* nothing: the path is absolute, or no -F */
#define OPENSNOOP_DIR_FULL 1      /* every directory from the start one up to the root */
#define OPENSNOOP_DIR_TRUNCATED 2 /* depth or space ran out: the outermost ones are missing */
#define OPENSNOOP_DIR_UNKNOWN 3   /* the directory fd could not be looked up */

/* Variable-length: only the header plus path_size + dir_size bytes of data[]
 * are sent.  data[] holds the path as the caller passed it (NUL-terminated),
 * then with -F the names of the directory it is relative to, innermost first,
 * each NUL-terminated ("c\0b\0a\0" for /a/b/c). */
struct opensnoop_event {
	__u64 ts_ns;
	__u32 pid;
	__u32 tid;
	__u32 uid;
	__s32 ret;   /* fd, or -errno */
	__u32 flags; /* open flags */
	__u32 path_size;
	__u32 dir_size;
	__u32 dir_status;
	char comm[OPENSNOOP_COMM_LEN];
	char data[OPENSNOOP_DATA_SIZE];
};
