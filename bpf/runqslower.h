/* runqslower: record shared by bpf/runqslower.bpf.c and tools/runqslower.cpp. */
#pragma once
#include "include/sizes.h"

#define RUNQSLOWER_COMM_LEN CS_COMM_LEN

struct runqslower_event {
	__u64 time_ns;  /* bpf_ktime_get_ns() when the task got the CPU */
	__u64 delta_us; /* how long it waited on the run queue */
	__u32 pid;      /* the task that waited: process ID (tgid) */
	__u32 tid;      /* and thread ID */
	__u32 prev_tid; /* the task it took the CPU from */
	__u32 cpu;
	char comm[RUNQSLOWER_COMM_LEN];
	char prev_comm[RUNQSLOWER_COMM_LEN];
};
