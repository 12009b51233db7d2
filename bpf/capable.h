/* capable: record shared by bpf/capable.bpf.c and tools/capable.cpp. */
#pragma once
#include "include/sizes.h"

#define CAPABLE_COMM_LEN CS_COMM_LEN
#define CAPABLE_MAX_DEPTH CS_MAX_STACK_DEPTH

/* unique_mode knob (-u TYPE). */
#define CAPABLE_UNIQUE_OFF 0
#define CAPABLE_UNIQUE_PID 1
#define CAPABLE_UNIQUE_CGROUP 2

struct capable_event {
	__u64 ts_ns;
	__u32 pid;      /* process ID (tgid) */
	__u32 tid;
	__u32 uid;
	__s32 cap;
	__s32 ret;      /* cap_capable()'s result: 0 allowed, -EPERM denied */
	__s32 audit;    /* 1 audited, 0 not (CAP_OPT_NOAUDIT), -1 unknown to this hook */
	__s32 insetid;  /* 1 CAP_OPT_INSETID, 0 not, -1 unknown to this hook */
	__s32 kstack_size; /* bytes of kstack filled, or a negative error */
	__s32 ustack_size; /* bytes of ustack filled, or a negative error */
	__u32 pad;
	char comm[CAPABLE_COMM_LEN];
	/* Variable-length: sent only as far as the last stack asked for. */
	__u64 kstack[CAPABLE_MAX_DEPTH];
	__u64 ustack[CAPABLE_MAX_DEPTH];
};
