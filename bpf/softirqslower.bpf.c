/* softirqslower: soft interrupts that waited too long between being raised
 * and running, or ran too long, from the softirq_raise / softirq_entry /
 * softirq_exit tracepoints.
 *
 * A softirq runs on the CPU that raised it, so per-CPU times per vector
 * pair the events.  The first raise of a pending vector starts its wait;
 * raising it again before it runs does not restart it. */
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "softirqslower.h"

const volatile __u64 min_ns = 10000000;
const volatile __s32 filter_cpu = -1;

CS_SCRATCH(struct softirqslower_event)

/* Per CPU and vector: when it was raised, when its handler started (0: not). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SOFTIRQSLOWER_MAX_VEC);
	__type(key, __u32);
	__type(value, __u64);
} raised SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SOFTIRQSLOWER_MAX_VEC);
	__type(key, __u32);
	__type(value, __u64);
} started SEC(".maps");

static __always_inline bool cpu_wanted(__u32 cpu)
{
	return filter_cpu < 0 || cpu == (__u32)filter_cpu;
}

static __always_inline void report(void *ctx, __u32 stage, __u32 vec, __u32 cpu, __u64 now,
				   __u64 delta)
{
	struct softirqslower_event *e;

	if ((__s64)delta < 0 || delta < min_ns)
		return;
	e = cs_scratch_get();
	if (!e)
		return;
	e->ts_ns = now;
	e->delta_ns = delta;
	e->stage = stage;
	e->vec = vec;
	e->cpu = cpu;
	e->pid = (__u32)bpf_get_current_pid_tgid();
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	cs_submit(ctx, e, sizeof(*e));
}

static __always_inline int on_raise(__u32 vec)
{
	__u32 cpu = bpf_get_smp_processor_id();
	__u64 *t;

	if (!cpu_wanted(cpu))
		return 0;
	t = bpf_map_lookup_elem(&raised, &vec); /* NULL past the last vector */
	if (t && !*t)
		*t = bpf_ktime_get_ns();
	return 0;
}

static __always_inline int on_entry(void *ctx, __u32 vec)
{
	__u32 cpu = bpf_get_smp_processor_id();
	__u64 now, *t;

	if (!cpu_wanted(cpu))
		return 0;
	now = bpf_ktime_get_ns();
	t = bpf_map_lookup_elem(&raised, &vec);
	if (t && *t) {
		__u64 delta = now - *t;

		*t = 0;
		report(ctx, SOFTIRQSLOWER_STAGE_WAIT, vec, cpu, now, delta);
	}
	t = bpf_map_lookup_elem(&started, &vec);
	if (t)
		*t = now;
	return 0;
}

static __always_inline int on_exit(void *ctx, __u32 vec)
{
	__u32 cpu = bpf_get_smp_processor_id();
	__u64 now, delta, *t;

	if (!cpu_wanted(cpu))
		return 0;
	t = bpf_map_lookup_elem(&started, &vec);
	if (!t || !*t)
		return 0;
	now = bpf_ktime_get_ns();
	delta = now - *t;
	*t = 0;
	report(ctx, SOFTIRQSLOWER_STAGE_RUN, vec, cpu, now, delta);
	return 0;
}

CS_BTF_RAW(softirq_raise, softirq_raise, on_raise(vec), unsigned int vec)

CS_BTF_RAW(softirq_entry, softirq_entry, on_entry(ctx, vec), unsigned int vec)

CS_BTF_RAW(softirq_exit, softirq_exit, on_exit(ctx, vec), unsigned int vec)

SEC("tracepoint/irq/softirq_raise")
int softirq_raise__tp(struct trace_event_raw_softirq *ctx)
{
	return on_raise(ctx->vec);
}

SEC("tracepoint/irq/softirq_entry")
int softirq_entry__tp(struct trace_event_raw_softirq *ctx)
{
	return on_entry(ctx, ctx->vec);
}

SEC("tracepoint/irq/softirq_exit")
int softirq_exit__tp(struct trace_event_raw_softirq *ctx)
{
	return on_exit(ctx, ctx->vec);
}
