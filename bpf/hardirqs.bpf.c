/* hardirqs: time (or number of runs) of hard interrupt handlers, per
 * handler name, from the irq_handler_entry / irq_handler_exit tracepoints.
 *
 * Hard interrupt handlers run with interrupts off, so they never nest on a
 * CPU: one per-CPU slot holds the start time and name of the running one.
 * The name is taken at entry because the classic irq_handler_exit event
 * carries only the IRQ number. */
#include "corescope.bpf.h"
#include "irq_stat.bpf.h"
#include "hardirqs.h"

const volatile __u32 count_only = 0; /* -C: count entries, no timing */
const volatile __u32 in_ns = 0;      /* -N: histogram in nanoseconds */
const volatile __s32 filter_cpu = -1;

struct running {
	__u64 ts; /* 0: no handler started under this tool */
	struct hardirqs_key key;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct running);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 512);
	__type(key, struct hardirqs_key);
	__type(value, struct cs_irq_stat);
} stats SEC(".maps");

static __always_inline bool wanted(void)
{
	if (filter_cpu >= 0 && bpf_get_smp_processor_id() != (__u32)filter_cpu)
		return false;
	return cs_current_wanted();
}

/* name: the handler's name in kernel memory. */
static __always_inline int on_entry(const void *name)
{
	struct hardirqs_key key = {};
	struct cs_irq_stat *s;
	struct running *r;
	__u32 zero = 0;

	if (!wanted())
		return 0;
	if (count_only) {
		bpf_probe_read_kernel_str(key.name, sizeof(key.name), name);
		s = cs_irq_stat_of(&stats, &key);
		if (s)
			__sync_fetch_and_add(&s->count, 1);
		return 0;
	}
	r = bpf_map_lookup_elem(&start, &zero);
	if (!r)
		return 0;
	/* Hash keys compare every byte: clear what the name leaves. */
	__builtin_memset(&r->key, 0, sizeof(r->key));
	bpf_probe_read_kernel_str(r->key.name, sizeof(r->key.name), name);
	r->ts = bpf_ktime_get_ns();
	return 0;
}

static __always_inline int on_exit(void)
{
	struct cs_irq_stat *s;
	struct running *r;
	__u32 zero = 0;
	__u64 delta;

	r = bpf_map_lookup_elem(&start, &zero);
	if (!r || !r->ts)
		return 0;
	delta = bpf_ktime_get_ns() - r->ts;
	r->ts = 0;
	if ((__s64)delta < 0)
		return 0;
	s = cs_irq_stat_of(&stats, &r->key);
	if (s)
		cs_irq_account(s, delta, in_ns);
	return 0;
}

CS_BTF_RAW(irq_handler_entry, irq_handler_entry, on_entry(BPF_CORE_READ(action, name)),
	   int irq, struct irqaction *action)

CS_BTF_RAW(irq_handler_exit, irq_handler_exit, on_exit(), int irq, struct irqaction *action)

/* The classic event stores the name in the record: __data_loc holds its
 * offset (low 16 bits) and length. */
SEC("tracepoint/irq/irq_handler_entry")
int irq_handler_entry__tp(struct trace_event_raw_irq_handler_entry *ctx)
{
	__u32 loc = ctx->__data_loc_name;

	return on_entry((void *)ctx + (loc & 0xffff));
}

SEC("tracepoint/irq/irq_handler_exit")
int irq_handler_exit__tp(struct trace_event_raw_irq_handler_exit *ctx)
{
	return on_exit();
}
