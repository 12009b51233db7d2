/* dcsnoop: one record per dcache lookup that missed (or, with -a, every
 * lookup).  Shared by bpf/dcsnoop.bpf.c and tools/dcsnoop.cpp. */
#pragma once
#include "include/sizes.h"

#define DCSNOOP_NAME_MAX 256 /* NAME_MAX and its NUL */

struct dcsnoop_event {
	__u64 ts_ns;
	__u32 pid;
	__u32 tid;
	char type; /* 'R' a reference (lookup_fast), 'M' a miss (d_lookup found nothing) */
	char comm[CS_COMM_LEN];
	char name[DCSNOOP_NAME_MAX];
};
