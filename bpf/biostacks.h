/* biostacks: map layout shared by bpf/biostacks.bpf.c and tools/biostacks.cpp. */
#pragma once
#include "include/sizes.h"

#define BIOSTACKS_SLOTS CS_HIST_SLOTS
#define BIOSTACKS_MAX_HISTS 10240
#define BIOSTACKS_STACKS 2048 /* distinct kernel stacks kept */

/* Key of the `hists` hash map: who started the request, where, and with
 * which kernel stack (an id in `stacks`, or a negative bpf_get_stackid()
 * error). */
struct biostacks_key {
	__u32 dev;
	__u32 pid;
	__s32 kstack;
	char comm[CS_COMM_LEN];
};

/* Value of `hists`: log2 slots of the latency in usecs (msecs with -m). */
struct biostacks_hist {
	__u32 slots[BIOSTACKS_SLOTS];
};
