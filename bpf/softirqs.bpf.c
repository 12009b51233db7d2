/* softirqs: time spent in soft interrupt handlers per vector, from the
 * softirq_entry / softirq_exit tracepoints.
 *
 * Softirqs do not nest on a CPU (a hard interrupt arriving meanwhile leaves
 * pending softirqs to the running loop), so one per-CPU start time does. */
#include "corescope.bpf.h"
#include "irq_stat.bpf.h"
#include "softirqs.h"

const volatile __u32 in_ns = 0; /* -N: histogram in nanoseconds */
const volatile __s32 filter_cpu = -1;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SOFTIRQS_MAX_VEC);
	__type(key, __u32);
	__type(value, struct cs_irq_stat);
} stats SEC(".maps");

static __always_inline int on_entry(void)
{
	__u32 zero = 0;
	__u64 *ts;

	if (filter_cpu >= 0 && bpf_get_smp_processor_id() != (__u32)filter_cpu)
		return 0;
	ts = bpf_map_lookup_elem(&start, &zero);
	if (ts)
		*ts = bpf_ktime_get_ns();
	return 0;
}

static __always_inline int on_exit(__u32 vec)
{
	struct cs_irq_stat *s;
	__u32 zero = 0;
	__u64 *ts, delta;

	ts = bpf_map_lookup_elem(&start, &zero);
	if (!ts || !*ts)
		return 0;
	delta = bpf_ktime_get_ns() - *ts;
	*ts = 0;
	if ((__s64)delta < 0 || vec >= SOFTIRQS_MAX_VEC)
		return 0;
	s = cs_irq_stat_of(&stats, &vec);
	if (s)
		cs_irq_account(s, delta, in_ns);
	return 0;
}

CS_BTF_RAW(softirq_entry, softirq_entry, on_entry(), unsigned int vec)

CS_BTF_RAW(softirq_exit, softirq_exit, on_exit(vec), unsigned int vec)

SEC("tracepoint/irq/softirq_entry")
int softirq_entry__tp(struct trace_event_raw_softirq *ctx)
{
	return on_entry();
}

SEC("tracepoint/irq/softirq_exit")
int softirq_exit__tp(struct trace_event_raw_softirq *ctx)
{
	return on_exit(ctx->vec);
}
