/* mdflush: record shared by bpf/mdflush.bpf.c and tools/mdflush.cpp. */
#pragma once
#include "include/sizes.h"

#define MDFLUSH_DISK_LEN 32 /* DISK_NAME_LEN */

struct mdflush_event {
	__u64 ts_ns;
	__u32 pid;
	char comm[CS_COMM_LEN];
	char disk[MDFLUSH_DISK_LEN]; /* the md device flushed: "md0" */
};
