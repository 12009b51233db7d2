/* cachetop: page-cache counts per process (include/page_cache.h kinds).
 * Shared by bpf/cachetop.bpf.c and tools/cachetop.cpp. */
#pragma once
#include "include/page_cache.h"
#include "include/sizes.h"

struct cachetop_key {
	__u32 pid;
	__u32 uid;
	char comm[CS_COMM_LEN];
};

struct cachetop_counts {
	__u64 n[CS_PC_KINDS];
};
