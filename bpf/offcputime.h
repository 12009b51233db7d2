/* offcputime: key shared by bpf/offcputime.bpf.c and tools/offcputime.cpp. */
#pragma once
#include "include/sizes.h"

#define OFFCPU_COMM_LEN CS_COMM_LEN
#define OFFCPU_MAX_STACK_DEPTH CS_MAX_STACK_DEPTH
#define OFFCPU_STACK_STORAGE CS_STACK_STORAGE
#define OFFCPU_MIN_COUNTS CS_MIN_COUNTS
#define OFFCPU_MAX_THREADS 32768   /* threads off-CPU at once that are tracked */

/* One off-CPU stack: the value is the total off-CPU time in nanoseconds.
 * Stack ids as from bpf_get_stackid() (see stack_counts.bpf.h). */
struct offcputime_key {
	__u32 pid; /* process (tgid) */
	__u32 tid; /* thread */
	__s32 kern_stack_id;
	__s32 user_stack_id;
	char comm[OFFCPU_COMM_LEN];
};
