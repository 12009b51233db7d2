/* dcstat: dcache lookups by kind.  The kernel functions bcc's dcstat
 * probes (lookup_fast, d_lookup) have no tracepoint: fentry/fexit, or a
 * kprobe and kretprobe; the frontend says so where the kernel has neither. */
#include "corescope.bpf.h"
#include "flavours.bpf.h"
#include "dcstat.h"

__u64 counts[DCSTAT_KINDS] = {};

static __always_inline void count(int kind)
{
	if (cs_current_wanted())
		__sync_fetch_and_add(&counts[kind], 1);
}

static __always_inline void looked_up(bool found)
{
	count(DCSTAT_SLOW);
	if (!found)
		count(DCSTAT_MISS);
}

CS_PROG("fentry/lookup_fast", lookup_fast__fexit, count(DCSTAT_REFS))
CS_PROG("fexit/d_lookup", d_lookup__fexit, looked_up(ret != NULL), const struct dentry *parent,
	const struct qstr *name, struct dentry *ret)

SEC("kprobe/lookup_fast")
int lookup_fast__kprobe(struct pt_regs *ctx)
{
	count(DCSTAT_REFS);
	return 0;
}

SEC("kretprobe/d_lookup")
int d_lookup__kprobe(struct pt_regs *ctx)
{
	looked_up(PT_REGS_RC(ctx) != 0);
	return 0;
}
