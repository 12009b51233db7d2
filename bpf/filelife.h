/* filelife: one record per file deleted that was created while tracing.
 * Shared by bpf/filelife.bpf.c and tools/filelife.cpp. */
#pragma once
#include "include/sizes.h"

#define FILELIFE_NAME_MAX 256 /* NAME_MAX and its NUL */

struct filelife_event {
	__u64 ts_ns;  /* the deletion */
	__u64 age_ns; /* from the creation */
	__u32 pid;
	__u32 tid;
	__u32 uid;
	__u32 creator_pid;
	char comm[CS_COMM_LEN];
	char name[FILELIFE_NAME_MAX];
};
