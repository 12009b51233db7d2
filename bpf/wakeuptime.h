/* wakeuptime: key shared by bpf/wakeuptime.bpf.c and tools/wakeuptime.cpp. */
#pragma once
#include "include/sizes.h"

#define WAKEUP_COMM_LEN CS_COMM_LEN
#define WAKEUP_MAX_STACK_DEPTH CS_MAX_STACK_DEPTH
#define WAKEUP_STACK_STORAGE CS_STACK_STORAGE
#define WAKEUP_MIN_COUNTS CS_MIN_COUNTS
#define WAKEUP_MAX_THREADS 32768   /* sleeping threads tracked at once */

/* Time from a thread blocking to its wakeup, summed by who woke it: the
 * value is nanoseconds.  The stacks are the waker's, taken in the waker's
 * context when the wakeup was issued (sched_waking). */
struct wakeuptime_key {
	__u32 waker_pid; /* the waker's process; 0 with -K (not needed to name frames) */
	__s32 kern_stack_id;
	__s32 user_stack_id;
	char waker[WAKEUP_COMM_LEN];
	char target[WAKEUP_COMM_LEN];
};
