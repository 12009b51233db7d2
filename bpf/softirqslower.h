/* softirqslower: record shared by bpf/softirqslower.bpf.c and
 * tools/softirqslower.cpp. */
#pragma once
#include "include/sizes.h"

#define SOFTIRQSLOWER_COMM_LEN CS_COMM_LEN
#define SOFTIRQSLOWER_MAX_VEC 16 /* vectors tracked; the kernel has 10 */

/* What was slow. */
#define SOFTIRQSLOWER_STAGE_WAIT 0 /* raised -> handler started */
#define SOFTIRQSLOWER_STAGE_RUN 1  /* handler started -> returned */

struct softirqslower_event {
	__u64 ts_ns;    /* bpf_ktime_get_ns() at the end of the stage */
	__u64 delta_ns; /* length of the stage */
	__u32 stage;
	__u32 vec;
	__u32 cpu;
	__u32 pid;      /* thread interrupted (or ksoftirqd) */
	char comm[SOFTIRQSLOWER_COMM_LEN];
};
