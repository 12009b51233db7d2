/* biolatency: map layout shared by bpf/biolatency.bpf.c and tools/biolatency.cpp. */
#pragma once
#include "include/sizes.h"

#define BIOLATENCY_SLOTS CS_HIST_SLOTS
#define BIOLATENCY_RWBS_LEN 12 /* the tracepoints' rwbs string, NUL-terminated */
#define BIOLATENCY_MAX_HISTS 4096

/* Key of the `hists` hash map.  Fields the flags do not ask for stay 0:
 * dev with -D (kernel dev_t of the whole disk, major << 20 | minor),
 * cmd_flags with -F from the request (tp_btf / raw_tp programs), or rwbs
 * with -F from the tracepoint record (tracepoint programs, which never see
 * the request itself). */
struct biolatency_key {
	__u32 dev;
	__u32 cmd_flags;
	char rwbs[BIOLATENCY_RWBS_LEN];
};

/* Value of `hists`: log2 slots of the latency in usecs (msecs with -m). */
struct biolatency_hist {
	__u32 slots[BIOLATENCY_SLOTS];
};
