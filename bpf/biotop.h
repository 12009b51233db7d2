/* biotop: map layout shared by bpf/biotop.bpf.c and tools/biotop.cpp. */
#pragma once
#include "include/sizes.h"

#define BIOTOP_MAX_ENTRIES 10240

/* Key of `counts`: who issued the I/O, to which disk, which direction. */
struct biotop_key {
	__u32 pid;
	__u32 dev;   /* kernel dev_t of the disk */
	__u32 write; /* 1: a write, 0: anything else (as libbpf-tools: R) */
	char comm[CS_COMM_LEN];
};

struct biotop_value {
	__u64 bytes;
	__u64 us; /* device time (issue to completion), summed */
	__u32 io;
	__u32 pad;
};
