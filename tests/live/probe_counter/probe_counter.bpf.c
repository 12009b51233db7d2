/* The live tests' probe counter: one program per probe type and slot, each
 * counting its hits by the traced process (cs_current_wanted: -p).  The
 * frontend attaches slot i to the i-th probe the command line names. */
#include "corescope.bpf.h"
#include <bpf/usdt.bpf.h>

#define PROBE_COUNTER_SLOTS 4

__u64 hits[PROBE_COUNTER_SLOTS];

static __always_inline int hit(int slot)
{
	if (cs_current_wanted())
		__sync_fetch_and_add(&hits[slot], 1);
	return 0;
}

#define SLOT(i)                                                     \
	SEC("kprobe") int kprobe_##i(void *ctx) { return hit(i); }    \
	SEC("raw_tp") int raw_tp_##i(void *ctx) { return hit(i); }    \
	SEC("usdt") int usdt_##i(void *ctx) { return hit(i); }

SLOT(0)
SLOT(1)
SLOT(2)
SLOT(3)
