/* exitsnoop: record shared by bpf/exitsnoop.bpf.c and tools/exitsnoop.cpp. */
#pragma once
#include "include/sizes.h"

#define EXITSNOOP_COMM_LEN CS_COMM_LEN

struct exitsnoop_event {
	__u64 start_ns;  /* task start, CLOCK_MONOTONIC */
	__u64 exit_ns;   /* bpf_ktime_get_ns() at exit */
	__u32 pid;       /* process ID (tgid) */
	__u32 tid;       /* thread ID */
	__u32 ppid;
	__u32 exit_code; /* task->exit_code: (status << 8) | core dump 0x80 | signal */
	char comm[EXITSNOOP_COMM_LEN];
};
