/* Per-interrupt statistics kept by hardirqs and softirqs, read by their
 * frontends (plain C with fixed-width types: included by BPF and C++). */
#pragma once
#include "sizes.h"

#define CS_IRQ_NAME_LEN 32
#define CS_IRQ_SLOTS CS_HIST_SLOTS

struct cs_irq_stat {
	__u64 count;              /* handler runs (entries with -C) */
	__u64 total_ns;           /* time spent in them */
	__u32 slots[CS_IRQ_SLOTS]; /* log2 histogram of run times, in usecs or nsecs */
	__u32 pad;
};
