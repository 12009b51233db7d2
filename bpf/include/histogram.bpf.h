/* Log2 histogram slots, matching common/histogram.cpp's bucket bounds. */
#pragma once
#include "sizes.h"

#define CS_MAX_SLOTS CS_HIST_SLOTS

static __always_inline __u64 cs_log2(__u32 v)
{
	__u32 shift, r;

	r = (v > 0xFFFF) << 4; v >>= r;
	shift = (v > 0xFF) << 3; v >>= shift; r |= shift;
	shift = (v > 0xF) << 2; v >>= shift; r |= shift;
	shift = (v > 0x3) << 1; v >>= shift; r |= shift;
	r |= (v >> 1);
	return r;
}

static __always_inline __u64 cs_log2l(__u64 v)
{
	__u32 hi = v >> 32;

	return hi ? cs_log2(hi) + 32 : cs_log2(v);
}

/* Slot i holds [2^i, 2^(i+1) - 1]; 0 and 1 both land in slot 0 (bcc's layout). */
static __always_inline __u32 cs_slot(__u64 v)
{
	__u64 s = cs_log2l(v);

	return s >= CS_MAX_SLOTS ? CS_MAX_SLOTS - 1 : s;
}

/* Counts v in a log2 histogram of CS_MAX_SLOTS slots.  The bound is checked
 * again on the very register used as the index: the 5.10 and 6.1 verifiers
 * lose cs_slot()'s clamp when the compiler indexes with a copy. */
static __always_inline void cs_hist_add(__u32 *slots, __u64 v)
{
	__u64 slot = cs_slot(v); /* 64-bit: no second zero-extension to lose the bound */

	barrier_var(slot);
	if (slot >= CS_MAX_SLOTS)
		return;
	__sync_fetch_and_add(&slots[slot], 1);
}
