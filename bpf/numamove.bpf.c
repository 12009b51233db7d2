/* numamove: count NUMA-balancing page migrations (pages the kernel moves to
 * the node of the task that faulted on them) and the time they took.
 *
 * Kernels after 5.10 announce every migrate_pages() run with the tracepoint
 * mm_migrate_pages_start(mode, reason) and end it with mm_migrate_pages(...);
 * a run whose reason is MR_NUMA_MISPLACED is one NUMA migration, started by
 * migrate_misplaced_page() (migrate_misplaced_folio() on newer kernels).
 * Those tracepoints are used through tp_btf, raw_tp or tracefs.  5.10 lacks
 * the start tracepoint; there the kprobe flavour times migrate_misplaced_page()
 * itself, as libbpf-tools' numamove does with fentry.
 *
 * Migrations run in the context of the task that faulted; the tool keeps
 * one start time per thread. */
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "numamove.h"

__u64 migrations = 0;
__u64 migration_ns = 0;

/* Start time per thread.  LRU: a run we saw start but not end (the tool
 * attached in between) must not pin an entry forever. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} start SEC(".maps");

static __always_inline int on_start(void)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 ts = bpf_ktime_get_ns();

	if (!cs_current_wanted())
		return 0;
	cs_start_set(&start, &tid, ts);
	return 0;
}

static __always_inline int on_done(void)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 *tsp = bpf_map_lookup_elem(&start, &tid);
	__u64 now = bpf_ktime_get_ns();

	if (!tsp)
		return 0; /* not a NUMA migration, or it started before we attached */
	if (now > *tsp)
		__sync_fetch_and_add(&migration_ns, now - *tsp);
	__sync_fetch_and_add(&migrations, 1);
	bpf_map_delete_elem(&start, &tid);
	return 0;
}

static __always_inline bool numa_misplaced(int reason)
{
	return reason == bpf_core_enum_value(enum migrate_reason, MR_NUMA_MISPLACED);
}

/* --- tp_btf / raw_tp */

CS_BTF_RAW(mm_migrate_pages_start, migrate_start, numa_misplaced(reason) ? on_start() : 0,
	   enum migrate_mode mode, int reason)

CS_BTF_RAW(mm_migrate_pages, migrate_done, on_done())

/* --- kprobe: kernels without mm_migrate_pages_start (5.10) */

SEC("kprobe/migrate_misplaced_page")
int BPF_KPROBE(migrate_misplaced__kprobe)
{
	return on_start();
}

SEC("kretprobe/migrate_misplaced_page")
int BPF_KRETPROBE(migrate_misplaced__kretprobe)
{
	return on_done();
}

/* --- tracepoint */

SEC("tracepoint/migrate/mm_migrate_pages_start")
int migrate_start__tp(struct trace_event_raw_mm_migrate_pages_start *ctx)
{
	return numa_misplaced(ctx->reason) ? on_start() : 0;
}

SEC("tracepoint/migrate/mm_migrate_pages")
int migrate_done__tp(void *ctx)
{
	return on_done();
}
