/* syscount: per-key totals shared by bpf/syscount.bpf.c and tools/syscount.cpp. */
#pragma once
#include "include/sizes.h"

#define SYSCOUNT_COMM_LEN CS_COMM_LEN
#define SYSCOUNT_MAX_ENTRIES 10240

/* Value of the `counts` map; the key is the syscall number, or the process
 * ID with -P. */
struct syscount_val {
	__u64 count;
	__u64 total_ns; /* with -L: summed syscall latency */
	char comm[SYSCOUNT_COMM_LEN]; /* with -P: the process's (leader's) name */
};
