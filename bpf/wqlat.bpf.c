/* wqlat: time work items wait on a workqueue, from being queued
 * (workqueue_queue_work) to a worker starting them (workqueue_execute_start),
 * as log2 histograms: one in all, or one per workqueue name.
 *
 * Work items are matched by their address.  A queued item that never runs
 * (cancelled) would leave its start time behind: the table is an LRU, so
 * such leftovers make room for new items. */
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "histogram.bpf.h"
#include "wqlat.h"

const volatile __u32 per_wq = 0; /* -W */
const volatile __u32 in_ns = 0;  /* -N */
const volatile __u32 filter_on = 0;
const volatile char filter_name[WQLAT_NAME_LEN] = {}; /* -w */

struct queued {
	__u64 ts;
	struct wqlat_key key;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64); /* struct work_struct * */
	__type(value, struct queued);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct wqlat_key);
	__type(value, struct wqlat_hist);
} hists SEC(".maps");

/* On older kernels the classic event holds the workqueue's address where
 * newer ones copy its name into the record. */
struct trace_event_raw_workqueue_queue_work___old {
	void *workqueue;
} __attribute__((preserve_access_index));

static const struct wqlat_hist empty_hist;

static __always_inline bool name_wanted(const char *name)
{
	if (!filter_on)
		return true;
	for (int i = 0; i < WQLAT_NAME_LEN; i++) {
		if (name[i] != filter_name[i])
			return false;
		if (!name[i])
			break;
	}
	return true;
}

/* name: the workqueue's name in kernel memory. */
static __always_inline int on_queue(__u64 work, const void *name)
{
	struct queued q = {};

	if (per_wq || filter_on) {
		bpf_probe_read_kernel_str(q.key.name, sizeof(q.key.name), name);
		if (!name_wanted(q.key.name))
			return 0;
		if (!per_wq)
			__builtin_memset(&q.key, 0, sizeof(q.key));
	}
	q.ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &work, &q, BPF_ANY);
	return 0;
}

static __always_inline int on_execute(__u64 work)
{
	struct wqlat_hist *h;
	struct queued *q;
	__u64 delta;

	q = bpf_map_lookup_elem(&start, &work);
	if (!q)
		return 0;
	delta = bpf_ktime_get_ns() - q->ts;
	if ((__s64)delta < 0)
		goto out;
	if (!in_ns)
		delta /= 1000;
	h = cs_lookup_or_init(&hists, &q->key, &empty_hist);
	if (h)
		cs_hist_add(h->slots, delta);
out:
	bpf_map_delete_elem(&start, &work);
	return 0;
}

static __always_inline const void *wq_name(struct pool_workqueue *pwq)
{
	return &BPF_CORE_READ(pwq, wq)->name;
}

CS_BTF_RAW(workqueue_queue_work, workqueue_queue_work, on_queue((__u64)work, wq_name(pwq)),
	   int req_cpu, struct pool_workqueue *pwq, struct work_struct *work)

CS_BTF_RAW(workqueue_execute_start, workqueue_execute_start, on_execute((__u64)work),
	   struct work_struct *work)

SEC("tracepoint/workqueue/workqueue_queue_work")
int workqueue_queue_work__tp(struct trace_event_raw_workqueue_queue_work *ctx)
{
	struct trace_event_raw_workqueue_queue_work___old *old = (void *)ctx;
	const void *name;

	if (bpf_core_field_exists(old->workqueue)) {
		struct workqueue_struct *wq = old->workqueue;

		name = &wq->name;
	} else {
		name = (void *)ctx + (ctx->__data_loc_workqueue & 0xffff);
	}
	return on_queue((__u64)ctx->work, name);
}

SEC("tracepoint/workqueue/workqueue_execute_start")
int workqueue_execute_start__tp(struct trace_event_raw_workqueue_execute_start *ctx)
{
	return on_execute((__u64)ctx->work);
}
