/* Accounting into a struct cs_irq_stat (irq_stat.h) from BPF. */
#pragma once
#include "histogram.bpf.h"
#include "maps.bpf.h"
#include "irq_stat.h"

/* One handler run of delta_ns; the histogram counts it in nanoseconds or
 * in (truncated) microseconds, as the frontend asked. */
static __always_inline void cs_irq_account(struct cs_irq_stat *s, __u64 delta_ns, __u32 in_ns)
{
	__u64 v = in_ns ? delta_ns : delta_ns / 1000;

	__sync_fetch_and_add(&s->count, 1);
	__sync_fetch_and_add(&s->total_ns, delta_ns);
	cs_hist_add(s->slots, v);
}

/* The entry for key in a hash map of cs_irq_stat, created empty if absent. */
static const struct cs_irq_stat cs_irq_stat_empty;

static __always_inline struct cs_irq_stat *cs_irq_stat_of(void *map, const void *key)
{
	return cs_lookup_or_init(map, key, &cs_irq_stat_empty);
}
