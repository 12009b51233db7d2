/* biosnoop: record shared by bpf/biosnoop.bpf.c and tools/biosnoop.cpp. */
#pragma once
#include "include/sizes.h"

#define BIOSNOOP_RWBS_LEN 12
#define BIOSNOOP_NO_QUEUE ((__u64)-1) /* -Q: the insert was missed */

struct biosnoop_event {
	__u64 ts_ns;     /* bpf_ktime_get_ns() at completion */
	__u64 delta_ns;  /* issue to completion */
	__u64 qdelta_ns; /* insert to issue (-Q); 0 without a scheduler */
	__u64 sector;
	__u32 bytes;
	__u32 dev;       /* kernel dev_t of the disk */
	__u32 pid;       /* the issuer; 0 with comm "?" when unknown */
	__u32 cmd_flags; /* tp_btf / raw_tp: the request's; 0 with rwbs set */
	char rwbs[BIOSNOOP_RWBS_LEN]; /* tracepoint: the record's */
	char comm[CS_COMM_LEN];
};
