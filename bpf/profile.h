/* profile: key shared by bpf/profile.bpf.c and tools/profile.cpp. */
#pragma once

#define PROFILE_COMM_LEN 16
#define PROFILE_MAX_STACK_DEPTH 127   /* default --perf-max-stack-depth */
#define PROFILE_STACK_STORAGE 16384   /* default --stack-storage-size */
#define PROFILE_MIN_COUNTS 10240      /* counts map entries, at least */

/* One aggregated sample: the stacks are ids into the stack-trace map, or a
 * negative error from bpf_get_stackid() (-EFAULT: no such stack here, e.g.
 * no user stack in a kernel thread; -EEXIST/-ENOMEM: the map was full). */
struct profile_key {
	__u32 pid;
	__s32 kern_stack_id;
	__s32 user_stack_id;
	char comm[PROFILE_COMM_LEN];
};
