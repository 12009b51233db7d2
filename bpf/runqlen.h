/* runqlen: map layout shared by bpf/runqlen.bpf.c and tools/runqlen.cpp. */
#pragma once

/* Linear histogram of queue lengths 0, 1, ... RUNQLEN_SLOTS - 1 (the last
 * slot also holds everything longer). */
#define RUNQLEN_SLOTS 32

/* Value of the one-entry per-CPU array `hists`: each CPU counts its own
 * samples, never reset (the frontend subtracts the previous reading). */
struct runqlen_hist {
	__u64 slots[RUNQLEN_SLOTS];
};
