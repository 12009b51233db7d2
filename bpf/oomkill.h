/* oomkill: record shared by bpf/oomkill.bpf.c and tools/oomkill.cpp. */
#pragma once
#include "include/sizes.h"

#define OOMKILL_COMM_LEN CS_COMM_LEN
/* pages when the hook cannot see the OOM control block (mark_victim). */
#define OOMKILL_PAGES_UNKNOWN ((__u64)-1)

struct oomkill_event {
	__u64 ts_ns;
	__u64 pages;   /* oom_control->totalpages, or OOMKILL_PAGES_UNKNOWN */
	__u32 tpid;    /* triggering process (the one whose allocation failed) */
	__u32 kpid;    /* killed process */
	char tcomm[OOMKILL_COMM_LEN];
	char kcomm[OOMKILL_COMM_LEN]; /* empty when the hook saw only the victim's thread ID */
};
