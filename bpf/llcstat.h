/* llcstat: map layout shared by bpf/llcstat.bpf.c and tools/llcstat.cpp. */
#pragma once
#include "include/sizes.h"

#define LLCSTAT_COMM_LEN CS_COMM_LEN
#define LLCSTAT_MAX_ENTRIES 10240

struct llcstat_key {
	__u32 pid;
	__u32 tid; /* 0 unless per_thread */
	__u32 cpu;
	__u32 pad;
};

struct llcstat_value {
	__u64 ref;  /* cache references, estimated: samples x sample period */
	__u64 miss; /* cache misses, likewise */
	char comm[LLCSTAT_COMM_LEN];
};
