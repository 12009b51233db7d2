/* offwaketime: key shared by bpf/offwaketime.bpf.c and tools/offwaketime.cpp. */
#pragma once
#include "include/sizes.h"

#define OFFWAKE_COMM_LEN CS_COMM_LEN
#define OFFWAKE_MAX_STACK_DEPTH CS_MAX_STACK_DEPTH
#define OFFWAKE_STACK_STORAGE CS_STACK_STORAGE
#define OFFWAKE_MIN_COUNTS CS_MIN_COUNTS
#define OFFWAKE_MAX_THREADS 32768   /* threads off-CPU at once that are tracked */

/* Off-CPU time (nanoseconds) of a thread, by its own stacks (taken when it
 * left the CPU) and the stacks of the thread that woke it (taken when the
 * wakeup was issued).  No waker (the thread was preempted, or the wakeup
 * came before tracing): waker ids 0, comm empty, stack ids -EFAULT. */
struct offwaketime_key {
	__u32 pid; /* the blocked thread: process, thread */
	__u32 tid;
	__u32 waker_pid; /* 0 when its user stack is not needed */
	__u32 waker_tid;
	__s32 kern_stack_id;
	__s32 user_stack_id;
	__s32 waker_kern_stack_id;
	__s32 waker_user_stack_id;
	char target[OFFWAKE_COMM_LEN];
	char waker[OFFWAKE_COMM_LEN];
};
