/* execsnoop: record shared by bpf/execsnoop.bpf.c and tools/execsnoop.cpp. */
#pragma once
#include "include/sizes.h"

#define EXECSNOOP_COMM_LEN CS_COMM_LEN
#define EXECSNOOP_PATH_LEN 4096  /* the filename, its NUL included */
#define EXECSNOOP_ARGS_SIZE 8192 /* power of two: the BPF side masks with it */
#define EXECSNOOP_ARG_LEN 256    /* per argument, when copied from argv[] */
#define EXECSNOOP_MAX_ARGS 64    /* upper bound for --max-args */
/* The caller's argv is counted up to this; the verifier walks every step
 * of the count, and at 4096 that was 3/4 of the tool's start-up.  Past it,
 * the first bytes of argv[1] find where the caller's arguments start. */
#define EXECSNOOP_COUNT_ARGS 128
#define EXECSNOOP_ARG1_PREFIX 16 /* bytes of argv[1] kept for that */
#define EXECSNOOP_MAX_INTERP 4   /* interpreter strings looked past, at most */
#define EXECSNOOP_AT_FDCWD -100

/* Variable-length: only the header and the used bytes of data[] are sent.
 * data[] holds the filename exec() was given (filename_size bytes, NUL
 * included), then args_size bytes of argv[1..], each argument followed by a
 * NUL.  Exec's argv[0] is not sent: like bcc's and libbpf-tools' execsnoop,
 * the tool shows the filename in its place. */
struct execsnoop_event {
	__u64 ts_ns;
	__u32 pid;
	__u32 ppid;
	__u32 uid;
	__s32 retval;
	/* execveat()'s directory fd when the filename is relative to it and
	 * the kernel has not yet named it /dev/fd/N/...: only for a failed
	 * exec; otherwise EXECSNOOP_AT_FDCWD. */
	__s32 dirfd;
	__u32 filename_size;
	__u32 args_size;
	__u32 args_truncated; /* the kernel stopped copying: more args exist */
	char comm[EXECSNOOP_COMM_LEN];
	char data[EXECSNOOP_PATH_LEN + EXECSNOOP_ARGS_SIZE];
};
