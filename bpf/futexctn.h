/* futexctn: key and value shared by bpf/futexctn.bpf.c and tools/futexctn.cpp. */
#pragma once
#include "include/sizes.h"

#define FUTEXCTN_COMM_LEN CS_COMM_LEN
#define FUTEXCTN_MAX_STACK_DEPTH CS_MAX_STACK_DEPTH
#define FUTEXCTN_STACK_STORAGE CS_STACK_STORAGE
#define FUTEXCTN_MAX_ENTRIES 10240   /* locks x stacks x threads, and waiters at once */
#define FUTEXCTN_SLOTS CS_HIST_SLOTS

/* One contended lock as one thread waited for it from one user stack; with
 * -s, per process: tid 0 and no stack (-EFAULT). */
struct futexctn_key {
	__u32 pid;
	__u32 tid;
	__u64 uaddr; /* the futex word */
	__s32 user_stack_id;
	__u32 pad;
};

/* Waits that ended with the lock (FUTEX_WAIT returned 0), in usecs or, with
 * -m, msecs. */
struct futexctn_hist {
	__u64 contended;
	__u64 total;
	__u64 min;
	__u64 max;
	__u32 slots[FUTEXCTN_SLOTS];
	char comm[FUTEXCTN_COMM_LEN];
};
