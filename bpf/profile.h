/* profile: key shared by bpf/profile.bpf.c and tools/profile.cpp. */
#pragma once
#include "include/sizes.h"

#define PROFILE_COMM_LEN CS_COMM_LEN
#define PROFILE_MAX_STACK_DEPTH CS_MAX_STACK_DEPTH
#define PROFILE_STACK_STORAGE CS_STACK_STORAGE
#define PROFILE_MIN_COUNTS CS_MIN_COUNTS

/* One aggregated sample: the stacks are ids into the stack-trace map, or a
 * negative error from bpf_get_stackid() (-EFAULT: no such stack here, e.g.
 * no user stack in a kernel thread; -EEXIST/-ENOMEM: the map was full). */
struct profile_key {
	__u32 pid;
	__s32 kern_stack_id;
	__s32 user_stack_id;
	char comm[PROFILE_COMM_LEN];
};
