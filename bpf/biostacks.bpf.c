/* biostacks: block I/O latency as log2 histograms per initiating stack.
 *
 * A request is stamped when the block layer starts accounting it, in the
 * context of the task that made it: the block_io_start tracepoint (6.5+),
 * else blk_account_io_start (__blk_account_io_start on 5.16 .. 6.2) through
 * fentry or a kprobe.  There its task, kernel stack and disk are taken.  It
 * is counted when its accounting ends (block_io_done, or the
 * blk_account_io_done functions).  The frontend names the functions of its
 * kernel in the hook plan; where it has neither, block_getrq and
 * block_rq_complete stand in (below).  The classic tracepoint flavour keys
 * requests by disk and first sector, as biolatency does. */
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "histogram.bpf.h"
#include "stacks.bpf.h"
#include "block.bpf.h"
#include "biostacks.h"

const volatile __u32 use_ms = 0;     /* -m */
const volatile __u32 filter_dev = 0; /* -d: trace only targ_dev */
const volatile __u32 targ_dev = 0;

struct bio___cs_bi_disk {
	struct gendisk *bi_disk;
} __attribute__((preserve_access_index));

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

/* fentry and kprobe programs of a function taking the request first. */
#define RQ_FUNCTION(fn, hook, stmt)                                        \
	CS_PROG("fentry/" #fn, hook##__fentry, stmt, struct request *rq)  \
	SEC("kprobe/" #fn)                                                \
	int BPF_KPROBE(hook##__kprobe, struct request *rq)                \
	{                                                                 \
		return stmt;                                              \
	}

/* Four families of hooks; the frontend's hook plan keeps one.
 * tp_*: the block_io_start/done tracepoints (6.5+). */
CS_BTF_RAW(block_io_start, tp_start, rq_start(ctx, (struct request *)ctx[0]))
CS_BTF_RAW(block_io_done, tp_done, rq_done((struct request *)ctx[0]))

/* fn_*: the accounting functions of 5.10 (and 6.3+, where not inlined). */
RQ_FUNCTION(blk_account_io_start, fn_start, rq_start(ctx, rq))
RQ_FUNCTION(blk_account_io_done, fn_done, rq_done(rq))

/* ufn_*: the accounting functions of 5.16 .. 6.2. */
RQ_FUNCTION(__blk_account_io_start, ufn_start, rq_start(ctx, rq))
RQ_FUNCTION(__blk_account_io_done, ufn_done, rq_done(rq))

/* getrq_*: where a kernel has none of these (6.1 inlines its accounting),
 * block_getrq, which fires as the submitter gets the request for its bio
 * (the same moment and stack), and block_rq_complete.  The request is
 * known there only by its bio, which is still its first one when it
 * completes.  Which argument is the bio: getrq_bio_arg (5.10 passes the
 * queue first). */
const volatile __u32 getrq_bio_arg = 0;

static __always_inline int getrq_start(void *ctx, struct bio *bio)
{
	struct start_key k = { .id = (__u64)bio };
	struct gendisk *disk = bpf_core_field_exists(struct bio___cs_bi_disk, bi_disk)
				       ? BPF_CORE_READ((struct bio___cs_bi_disk *)bio, bi_disk)
				       : BPF_CORE_READ(bio, bi_bdev, bd_disk);

	on_start(ctx, &k, cs_disk_dev(disk));
	return 0;
}

static __always_inline int getrq_done(struct request *rq)
{
	struct start_key k = { .id = (__u64)BPF_CORE_READ(rq, bio) };

	on_done(&k);
	return 0;
}

CS_BTF_RAW(block_getrq, getrq_start, getrq_start(ctx, (struct bio *)(getrq_bio_arg ? ctx[1] : ctx[0])))
CS_BTF_RAW(block_rq_complete, getrq_done, getrq_done((struct request *)ctx[0]))

/* Classic tracepoints: the records, keyed by disk and first sector. */
static __always_inline int record_start(void *ctx, __u32 dev, __u64 sector)
{
	struct start_key k = { .id = dev, .sector = sector };

	on_start(ctx, &k, dev);
	return 0;
}

static __always_inline int record_done(__u32 dev, __u64 sector)
{
	struct start_key k = { .id = dev, .sector = sector };

	on_done(&k);
	return 0;
}

SEC("tracepoint/block/block_io_start")
int tp_start__tp(struct trace_event_raw_block_rq *ctx)
{
	return record_start(ctx, ctx->dev, ctx->sector);
}

SEC("tracepoint/block/block_io_done")
int tp_done__tp(struct trace_event_raw_block_rq *ctx)
{
	return record_done(ctx->dev, ctx->sector);
}

/* block_getrq's record: class block_get_rq up to 5.10, block_bio later.
 * Read with probe reads, as block.bpf.h reads the completion record. */
struct trace_event_raw_block_get_rq___cs {
	dev_t dev;
	sector_t sector;
} __attribute__((preserve_access_index));

struct trace_event_raw_block_bio___cs {
	dev_t dev;
	sector_t sector;
} __attribute__((preserve_access_index));

SEC("tracepoint/block/block_getrq")
int getrq_start__tp(void *ctx)
{
	if (bpf_core_type_exists(struct trace_event_raw_block_get_rq___cs)) {
		struct trace_event_raw_block_get_rq___cs *r = ctx;

		return record_start(ctx, BPF_CORE_READ(r, dev), BPF_CORE_READ(r, sector));
	}
	struct trace_event_raw_block_bio___cs *r = ctx;

	return record_start(ctx, BPF_CORE_READ(r, dev), BPF_CORE_READ(r, sector));
}

SEC("tracepoint/block/block_rq_complete")
int getrq_done__tp(void *ctx)
{
	struct cs_rq_completion c = cs_rq_completion_of(ctx);

	return record_done(c.dev, c.sector);
}
