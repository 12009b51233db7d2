/* biolatency: block I/O latency as log2 histograms, aggregated in the kernel.
 *
 * A request is timestamped when it is issued to the driver (block_rq_issue),
 * or with -Q when it enters the I/O scheduler (block_rq_insert), and counted
 * when it completes (block_rq_complete).  The tp_btf and raw_tp programs key
 * the start time by the request's address and read its disk and flags
 * through CO-RE (block.bpf.h).  The classic tracepoints only carry a record
 * (dev, sector, rwbs), so that flavour keys by disk and sector and takes the
 * flags from the rwbs string. */
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "histogram.bpf.h"
#include "block.bpf.h"
#include "biolatency.h"

const volatile __u32 targ_queued = 0;   /* -Q */
const volatile __u32 use_ms = 0;       /* -m */
const volatile __u32 targ_per_disk = 0; /* -D */
const volatile __u32 targ_per_flag = 0; /* -F */
const volatile __u32 filter_dev = 0;    /* -d: trace only targ_dev */
const volatile __u32 targ_dev = 0;
/* Which argument of block_rq_insert/issue is the request: 0 on kernels whose
 * tracepoint takes (struct request *), 1 on those that pass the queue first.
 * The frontend reads it from the kernel's BTF; the verifier drops the other
 * branch, so the program never touches an argument the hook lacks. */
const volatile __u32 rq_arg = 0;

/* Request address (tp_btf, raw_tp), or disk + sector (tracepoint). */
struct start_key {
	__u64 id;
	__u64 sector;
};

/* LRU: a request that never completes (merged into another one, or a
 * tracepoint key that is reused) must not fill the map. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, struct start_key);
	__type(value, __u64);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BIOLATENCY_MAX_HISTS);
	__type(key, struct biolatency_key);
	__type(value, struct biolatency_hist);
} hists SEC(".maps");

static struct biolatency_hist zero_hist;

static __always_inline void save_start(struct start_key *key, __u32 dev, __u64 flags)
{
	__u64 ts;

	if (filter_dev && dev != targ_dev)
		return;
	if (!cs_current_wanted())
		return;
	ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, key, &ts, flags);
}

/* Counts the request that started at *tsp into the histogram of `key`. */
static __always_inline void count(struct start_key *skey, struct biolatency_key *key)
{
	__u64 *tsp = bpf_map_lookup_elem(&start, skey);
	struct biolatency_hist *h;
	__u64 now, delta;

	if (!tsp)
		return;
	now = bpf_ktime_get_ns();
	delta = now > *tsp ? now - *tsp : 0;
	bpf_map_delete_elem(&start, skey);

	h = cs_lookup_or_init(&hists, key, &zero_hist);
	if (!h)
		return;
	delta /= use_ms ? 1000000 : 1000;
	cs_hist_add(h->slots, delta);
}

/* --- tp_btf and raw_tp: the request itself. */

static __always_inline struct request *rq_of(__u64 *ctx)
{
	return (struct request *)(rq_arg ? ctx[1] : ctx[0]);
}

static __always_inline int rq_start(struct request *rq, bool issue)
{
	struct start_key key = { .id = (__u64)rq };

	/* -Q: with a scheduler the insert already stamped the request; without
	 * one, requests may bypass the insert hook, so the issue stamps them. */
	if (issue && targ_queued && cs_rq_has_elevator(rq))
		return 0;
	save_start(&key, filter_dev ? cs_rq_dev(rq) : 0, BPF_ANY);
	return 0;
}

static __always_inline int rq_done(struct request *rq)
{
	struct start_key skey = { .id = (__u64)rq };
	struct biolatency_key key = {};

	if (targ_per_disk)
		key.dev = cs_rq_dev(rq);
	if (targ_per_flag)
		key.cmd_flags = BPF_CORE_READ(rq, cmd_flags);
	count(&skey, &key);
	return 0;
}

/* The request's argument differs by kernel (rq_of): no named arguments. */
CS_BTF_RAW(block_rq_insert, block_rq_insert, rq_start(rq_of(ctx), false))
CS_BTF_RAW(block_rq_issue, block_rq_issue, rq_start(rq_of(ctx), true))
CS_BTF_RAW(block_rq_complete, block_rq_complete, rq_done((struct request *)ctx[0]))

/* --- tracepoint: the record only.  With -Q the insert stamps and the issue
 * stamps only requests that were not inserted (BPF_NOEXIST). */

static __always_inline int tp_start(struct trace_event_raw_block_rq *ctx, bool issue)
{
	struct start_key key = { .id = ctx->dev, .sector = ctx->sector };

	save_start(&key, ctx->dev, issue && targ_queued ? BPF_NOEXIST : BPF_ANY);
	return 0;
}

SEC("tracepoint/block/block_rq_insert")
int block_rq_insert__tp(struct trace_event_raw_block_rq *ctx)
{
	return tp_start(ctx, false);
}

SEC("tracepoint/block/block_rq_issue")
int block_rq_issue__tp(struct trace_event_raw_block_rq *ctx)
{
	return tp_start(ctx, true);
}

SEC("tracepoint/block/block_rq_complete")
int block_rq_complete__tp(void *ctx)
{
	struct cs_rq_completion c = cs_rq_completion_of(ctx);
	struct start_key skey = { .id = c.dev, .sector = c.sector };
	struct biolatency_key key = {};

	if (targ_per_disk)
		key.dev = c.dev;
	if (targ_per_flag)
		bpf_probe_read_kernel_str(key.rwbs, sizeof(key.rwbs), c.rwbs);
	count(&skey, &key);
	return 0;
}
