/* execsnoop: record shared by bpf/execsnoop.bpf.c and tools/execsnoop.cpp. */
#pragma once

#define EXECSNOOP_COMM_LEN 16
#define EXECSNOOP_ARGS_SIZE 8192 /* power of two: the BPF side masks with it */
#define EXECSNOOP_ARG_LEN 256    /* per argument, when copied from argv[] */
#define EXECSNOOP_MAX_ARGS 64    /* upper bound for --max-args */

/* Variable-length: only header + args_size bytes of args[] are sent.
 * args[] holds the arguments, each followed by a NUL. */
struct execsnoop_event {
	__u64 ts_ns;
	__u32 pid;
	__u32 ppid;
	__u32 uid;
	__s32 retval;
	__u32 args_size;
	__u32 args_truncated; /* the kernel stopped copying: more args exist */
	char comm[EXECSNOOP_COMM_LEN];
	char args[EXECSNOOP_ARGS_SIZE];
};
