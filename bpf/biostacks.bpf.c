/* biostacks: block I/O latency as log2 histograms per initiating stack.
 *
 * A request is stamped when the block layer starts accounting it, in the
 * context of the task that made it: the block_io_start tracepoint (6.5+),
 * else blk_account_io_start (__blk_account_io_start on 5.16 .. 6.2) through
 * fentry or a kprobe.  There its task, kernel stack and disk are taken.  It
 * is counted when its accounting ends (block_io_done, or the
 * blk_account_io_done functions).  The frontend names the functions of its
 * kernel in the hook plan (io_start / io_start_u).  The classic tracepoint
 * flavour keys requests by disk and first sector, as biolatency does. */
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "histogram.bpf.h"
#include "stacks.bpf.h"
#include "block.bpf.h"
#include "biostacks.h"

const volatile __u32 use_ms = 0;     /* -m */
const volatile __u32 filter_dev = 0; /* -d: trace only targ_dev */
const volatile __u32 targ_dev = 0;

struct start_key {
	__u64 id; /* the request (or its disk, for tracepoints) */
	__u64 sector;
};

struct start {
	__u64 ts;
	struct biostacks_key key;
};

/* LRU: a request whose end is never seen must not fill the map. */
CS_MAP(BPF_MAP_TYPE_LRU_HASH, starts, struct start_key, struct start, 10240);
CS_HASH_MAP(hists, struct biostacks_key, struct biostacks_hist, BIOSTACKS_MAX_HISTS);
CS_STACK_MAP(stacks, CS_MAX_STACK_DEPTH, BIOSTACKS_STACKS);

static struct biostacks_hist zero_hist;

static __always_inline void on_start(void *ctx, struct start_key *skey, __u32 dev)
{
	struct start s = {};

	if (filter_dev && dev != targ_dev)
		return;
	s.key.dev = dev;
	s.key.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(s.key.comm, sizeof(s.key.comm));
	s.key.kstack = bpf_get_stackid(ctx, &stacks, 0);
	s.ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&starts, skey, &s, BPF_ANY);
}

static __always_inline void on_done(struct start_key *skey)
{
	struct start *s = bpf_map_lookup_elem(&starts, skey);
	struct biostacks_hist *h;
	__u64 delta, now;

	if (!s)
		return;
	now = bpf_ktime_get_ns();
	delta = now > s->ts ? now - s->ts : 0;
	h = cs_lookup_or_init(&hists, &s->key, &zero_hist);
	if (h)
		cs_hist_add(h->slots, delta / (use_ms ? 1000000 : 1000));
	else
		__sync_fetch_and_add(&cs_uncounted, 1);
	bpf_map_delete_elem(&starts, skey);
}

static __always_inline int rq_start(void *ctx, struct request *rq)
{
	struct start_key k = { .id = (__u64)rq };

	on_start(ctx, &k, cs_rq_dev(rq));
	return 0;
}

static __always_inline int rq_done(struct request *rq)
{
	struct start_key k = { .id = (__u64)rq };

	on_done(&k);
	return 0;
}

/* io_start / io_done: the tracepoints, and the functions of 5.10 and 6.3+. */
CS_BTF_RAW(block_io_start, io_start, rq_start(ctx, (struct request *)ctx[0]))
CS_BTF_RAW(block_io_done, io_done, rq_done((struct request *)ctx[0]))
CS_PROG("fentry/blk_account_io_start", io_start__fentry, rq_start(ctx, rq), struct request *rq)
CS_PROG("fentry/blk_account_io_done", io_done__fentry, rq_done(rq), struct request *rq)

SEC("kprobe/blk_account_io_start")
int BPF_KPROBE(io_start__kprobe, struct request *rq)
{
	return rq_start(ctx, rq);
}

SEC("kprobe/blk_account_io_done")
int BPF_KPROBE(io_done__kprobe, struct request *rq)
{
	return rq_done(rq);
}

/* io_start_u / io_done_u: the functions of 5.16 .. 6.2. */
CS_PROG("fentry/__blk_account_io_start", io_start_u__fentry, rq_start(ctx, rq), struct request *rq)
CS_PROG("fentry/__blk_account_io_done", io_done_u__fentry, rq_done(rq), struct request *rq)

SEC("kprobe/__blk_account_io_start")
int BPF_KPROBE(io_start_u__kprobe, struct request *rq)
{
	return rq_start(ctx, rq);
}

SEC("kprobe/__blk_account_io_done")
int BPF_KPROBE(io_done_u__kprobe, struct request *rq)
{
	return rq_done(rq);
}

/* Classic tracepoints: the record of class block_rq. */
SEC("tracepoint/block/block_io_start")
int io_start__tp(struct trace_event_raw_block_rq *ctx)
{
	struct start_key k = { .id = ctx->dev, .sector = ctx->sector };

	on_start(ctx, &k, ctx->dev);
	return 0;
}

SEC("tracepoint/block/block_io_done")
int io_done__tp(struct trace_event_raw_block_rq *ctx)
{
	struct start_key k = { .id = ctx->dev, .sector = ctx->sector };

	on_done(&k);
	return 0;
}
