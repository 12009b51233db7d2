/* klockstat: map layouts shared by bpf/klockstat.bpf.c and tools/klockstat.cpp. */
#pragma once
#include "include/sizes.h"

#define KLOCKSTAT_COMM_LEN CS_COMM_LEN
#define KLOCKSTAT_STACK_DEPTH 32   /* frames kept per stack (lock internals included) */
#define KLOCKSTAT_MAX_ENTRIES 16384

/* Statistics of one call path (stack id), or of one thread with -P. */
struct klockstat_stat {
	__u64 acq_count;     /* acquisitions that were timed */
	__u64 acq_total_ns;  /* time spent waiting for the lock */
	__u64 acq_max_ns;
	__u64 acq_max_id;    /* pid_tgid of the longest wait */
	__u64 acq_max_lock;  /* lock address of the longest wait */
	__u64 hld_count;     /* releases seen (fentry flavour only) */
	__u64 hld_total_ns;  /* time the lock was held */
	__u64 hld_max_ns;
	__u64 hld_max_id;
	__u64 hld_max_lock;
	char acq_max_comm[KLOCKSTAT_COMM_LEN];
	char hld_max_comm[KLOCKSTAT_COMM_LEN];
	char comm[KLOCKSTAT_COMM_LEN];  /* with -P: the thread's */
};
