/* One block request's life for the per-I/O tools (biosnoop, biotop): who
 * issued it, when it was queued and issued, what it was, and its completion.
 *
 * The issuer.  A request is often issued to the driver, and always completed,
 * in another task's context (a kworker, an interrupt), so the process is taken
 * where the bio enters the block layer: block_bio_queue runs in the submitter,
 * on every kernel and for every attach type.  It is kept by (disk, first
 * sector), which the request still has when it is first seen (insert or
 * issue); block_split passes it on to the sector where the rest of a split
 * bio starts.  Both keys come from the tracepoint records too, so the classic
 * tracepoint flavour works the same way.  Filters on the task (-c and the
 * common ones) are applied there, where the task is known.
 *
 * The stage.  Keyed by the request's address (tp_btf, raw_tp) or by disk and
 * sector (tracepoint, which never sees the request), created by the first of
 * insert/issue and taken by the completion. */
#pragma once
#include "corescope.bpf.h"
#include "block.bpf.h"
#include "sizes.h"

#define CS_BLOCK_RWBS_LEN 12 /* the tracepoints' rwbs string, NUL-terminated */
#define CS_BLOCK_IN_FLIGHT 10240

/* -d: only requests of this disk (kernel dev_t of the whole disk). */
const volatile __u32 cs_block_filter_dev = 0;
const volatile __u32 cs_block_targ_dev = 0;
/* Which argument of block_rq_insert/issue is the request, and of
 * block_bio_queue/block_split the bio: 1 where the kernel passes the queue
 * first (5.10), else 0.  The frontend reads both from the kernel's BTF. */
const volatile __u32 cs_rq_arg = 0;
const volatile __u32 cs_bio_arg = 0;

struct cs_block_issuer {
	__u32 pid;
	char comm[CS_COMM_LEN];
};

/* What the completion reports. */
struct cs_block_stage {
	__u64 insert_ns; /* 0: not seen */
	__u64 issue_ns;
	__u64 sector;
	__u32 bytes;
	__u32 dev;
	__u32 cmd_flags; /* tp_btf / raw_tp */
	__u32 pid;       /* 0 with comm "?": the issuer is unknown */
	__u8 elevator;   /* the queue has an I/O scheduler (tp_btf / raw_tp) */
	char rwbs[CS_BLOCK_RWBS_LEN]; /* tracepoint */
	char comm[CS_COMM_LEN];
};

/* LRU: bios that never become a request of their own (merged, or sent to a
 * bio-based device such as dm) must not fill the maps. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, CS_BLOCK_IN_FLIGHT);
	__type(key, struct cs_block_key);
	__type(value, struct cs_block_issuer);
} cs_block_issuers SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, CS_BLOCK_IN_FLIGHT);
	__type(key, struct cs_block_key);
	__type(value, struct cs_block_stage);
} cs_block_stages SEC(".maps");

/* Whether any filter on the task is set: then a request whose issuer was
 * not recorded was filtered out (or cannot be told apart) and is left out. */
static __always_inline bool cs_task_filtered(void)
{
	return cs_filter_tgid || cs_filter_tid || cs_filter_id_set || cs_filter_uid != (__u32)-1 ||
	       cs_filter_cgroup || cs_filter_cgroupmap || cs_filter_mntnsmap;
}

static __always_inline bool cs_block_dev_wanted(__u32 dev)
{
	return !cs_block_filter_dev || dev == cs_block_targ_dev;
}

/* block_bio_queue, block_split: the current task issues I/O at dev:sector. */
static __always_inline void cs_block_bio_queued(__u32 dev, __u64 sector)
{
	struct cs_block_key key = { .id = dev, .sector = sector };
	struct cs_block_issuer who = {};

	if (!cs_block_dev_wanted(dev) || !cs_current_wanted())
		return;
	who.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(who.comm, sizeof(who.comm));
	bpf_map_update_elem(&cs_block_issuers, &key, &who, BPF_ANY);
}

/* The bio's disk, after any partition remap (the whole disk's dev_t). */
struct bio___cs_bdev {
	struct block_device *bi_bdev;
} __attribute__((preserve_access_index));

struct bio___cs_disk {
	struct gendisk *bi_disk;
} __attribute__((preserve_access_index));

static __always_inline __u32 cs_bio_dev(struct bio *bio)
{
	if (bpf_core_field_exists(struct bio___cs_bdev, bi_bdev))
		return BPF_CORE_READ((struct bio___cs_bdev *)bio, bi_bdev, bd_dev);
	return cs_disk_dev(BPF_CORE_READ((struct bio___cs_disk *)bio, bi_disk));
}

/* A request's fields at insert or issue. */
struct cs_block_rq {
	struct cs_block_key key;
	__u64 sector;
	__u32 dev;
	__u32 bytes;
	__u32 cmd_flags;
	__u8 elevator;
	const char *rwbs; /* kernel address of the record's rwbs, or NULL */
};

/* Insert or issue of a request.  The first of them creates its stage and
 * looks up its issuer; the issue stamps the time and takes the final
 * sector and size (merges may have grown the request since the insert). */
static __always_inline void cs_block_rq_seen(struct cs_block_rq *rq, bool issue)
{
	struct cs_block_stage *st = bpf_map_lookup_elem(&cs_block_stages, &rq->key);
	__u64 now = bpf_ktime_get_ns();

	if (!st) {
		struct cs_block_key ikey = { .id = rq->dev, .sector = rq->sector };
		struct cs_block_issuer *who = NULL;
		struct cs_block_stage fresh = {};

		if (!cs_block_dev_wanted(rq->dev))
			return;
		/* A request without data (a flush) never had a bio. */
		if (rq->bytes)
			who = bpf_map_lookup_elem(&cs_block_issuers, &ikey);
		if (who) {
			fresh.pid = who->pid;
			__builtin_memcpy(fresh.comm, who->comm, sizeof(fresh.comm));
			bpf_map_delete_elem(&cs_block_issuers, &ikey);
		} else if (cs_task_filtered()) {
			return;
		} else {
			fresh.comm[0] = '?';
		}
		fresh.dev = rq->dev;
		fresh.elevator = rq->elevator;
		bpf_map_update_elem(&cs_block_stages, &rq->key, &fresh, BPF_ANY);
		st = bpf_map_lookup_elem(&cs_block_stages, &rq->key);
		if (!st)
			return;
	}
	if (!issue) {
		st->insert_ns = now;
		return;
	}
	st->issue_ns = now;
	st->sector = rq->sector;
	st->bytes = rq->bytes;
	st->cmd_flags = rq->cmd_flags;
	if (rq->rwbs)
		bpf_probe_read_kernel_str(st->rwbs, sizeof(st->rwbs), rq->rwbs);
}

/* The completion: the stage, taken out of the map, into *out.  False when
 * the request was not seen issued (started before the tool, filtered). */
static __always_inline bool cs_block_rq_done(struct cs_block_key *key, struct cs_block_stage *out)
{
	struct cs_block_stage *st = bpf_map_lookup_elem(&cs_block_stages, key);

	if (!st)
		return false;
	*out = *st;
	bpf_map_delete_elem(&cs_block_stages, key);
	return out->issue_ns != 0;
}

/* --- Request fields per attach type. */

static __always_inline struct cs_block_rq cs_block_rq_of_request(struct request *rq)
{
	struct cs_block_rq r = { .key = { .id = (__u64)rq } };

	r.dev = cs_rq_dev(rq);
	r.sector = BPF_CORE_READ(rq, __sector);
	r.bytes = BPF_CORE_READ(rq, __data_len);
	r.cmd_flags = BPF_CORE_READ(rq, cmd_flags);
	r.elevator = cs_rq_has_elevator(rq);
	return r;
}

static __always_inline struct cs_block_rq cs_block_rq_of_record(struct trace_event_raw_block_rq *ctx)
{
	struct cs_block_rq r = {};

	r.dev = ctx->dev;
	r.sector = ctx->sector;
	r.bytes = ctx->bytes;
	r.key.id = r.dev;
	r.key.sector = r.sector;
	r.rwbs = (const char *)__builtin_preserve_access_index(&ctx->rwbs);
	return r;
}

/* The block_bio_queue record: its own event up to 5.10, the block_bio
 * class later.  Read with probe reads, as block.bpf.h reads completions. */
struct trace_event_raw_block_bio___cs {
	dev_t dev;
	sector_t sector;
} __attribute__((preserve_access_index));

struct trace_event_raw_block_bio_queue___cs {
	dev_t dev;
	sector_t sector;
} __attribute__((preserve_access_index));

static __always_inline void cs_block_bio_queued_record(void *ctx)
{
	if (bpf_core_type_exists(struct trace_event_raw_block_bio___cs)) {
		struct trace_event_raw_block_bio___cs *c = ctx;

		cs_block_bio_queued(BPF_CORE_READ(c, dev), BPF_CORE_READ(c, sector));
	} else {
		struct trace_event_raw_block_bio_queue___cs *c = ctx;

		cs_block_bio_queued(BPF_CORE_READ(c, dev), BPF_CORE_READ(c, sector));
	}
}

/* The programs every per-I/O tool attaches, for every flavour, but the
 * completion (the tool's own): CS_BLOCK_IO_PROGRAMS. */
/* Argument n (0 or 1) of a hook whose kernel may pass the queue first
 * (skip).  Each load is its own instruction at a constant offset: the
 * compiler would otherwise merge the two into one load at a computed ctx
 * offset, which the verifier refuses. */
#define CS_CTX_LOAD(ctx, off)                                                      \
	({                                                                         \
		__u64 __v;                                                         \
		asm volatile("%0 = *(u64 *)(%1 + " #off ")" : "=r"(__v) : "r"(ctx)); \
		__v;                                                               \
	})

static __always_inline __u64 cs_block_ctx_arg(__u64 *ctx, __u32 skip, int n)
{
	if (n == 0)
		return skip ? CS_CTX_LOAD(ctx, 8) : CS_CTX_LOAD(ctx, 0);
	return skip ? CS_CTX_LOAD(ctx, 16) : CS_CTX_LOAD(ctx, 8);
}

#define CS_BLOCK_IO_PROGRAMS                                                                  \
	CS_BTF_RAW(block_bio_queue, block_bio_queue, ({                                       \
		struct bio *bio = (struct bio *)cs_block_ctx_arg(ctx, cs_bio_arg, 0);            \
		cs_block_bio_queued(cs_bio_dev(bio), BPF_CORE_READ(bio, bi_iter.bi_sector));  \
	}))                                                                                   \
	CS_BTF_RAW(block_split, block_split, ({                                               \
		struct bio *bio = (struct bio *)cs_block_ctx_arg(ctx, cs_bio_arg, 0);            \
		cs_block_bio_queued(cs_bio_dev(bio), cs_block_ctx_arg(ctx, cs_bio_arg, 1));           \
	}))                                                                                   \
	CS_BTF_RAW(block_rq_insert, block_rq_insert, ({                                       \
		struct cs_block_rq r = cs_block_rq_of_request(                                \
			(struct request *)cs_block_ctx_arg(ctx, cs_rq_arg, 0));                  \
		cs_block_rq_seen(&r, false);                                                  \
	}))                                                                                   \
	CS_BTF_RAW(block_rq_issue, block_rq_issue, ({                                         \
		struct cs_block_rq r = cs_block_rq_of_request(                                \
			(struct request *)cs_block_ctx_arg(ctx, cs_rq_arg, 0));                  \
		cs_block_rq_seen(&r, true);                                                   \
	}))                                                                                   \
	SEC("tracepoint/block/block_bio_queue")                                               \
	int block_bio_queue__tp(void *ctx)                                                    \
	{                                                                                     \
		cs_block_bio_queued_record(ctx);                                              \
		return 0;                                                                     \
	}                                                                                     \
	SEC("tracepoint/block/block_split")                                                   \
	int block_split__tp(struct trace_event_raw_block_split *ctx)                          \
	{                                                                                     \
		cs_block_bio_queued(ctx->dev, ctx->new_sector);                               \
		return 0;                                                                     \
	}                                                                                     \
	SEC("tracepoint/block/block_rq_insert")                                               \
	int block_rq_insert__tp(struct trace_event_raw_block_rq *ctx)                         \
	{                                                                                     \
		struct cs_block_rq r = cs_block_rq_of_record(ctx);                            \
		cs_block_rq_seen(&r, false);                                                  \
		return 0;                                                                     \
	}                                                                                     \
	SEC("tracepoint/block/block_rq_issue")                                                \
	int block_rq_issue__tp(struct trace_event_raw_block_rq *ctx)                          \
	{                                                                                     \
		struct cs_block_rq r = cs_block_rq_of_record(ctx);                            \
		cs_block_rq_seen(&r, true);                                                   \
		return 0;                                                                     \
	}

/* The completion's key and stage, per attach type. */
static __always_inline bool cs_block_done_request(struct request *rq, struct cs_block_stage *out)
{
	struct cs_block_key key = { .id = (__u64)rq };

	return cs_block_rq_done(&key, out);
}

static __always_inline bool cs_block_done_record(void *ctx, struct cs_block_stage *out)
{
	struct cs_rq_completion c = cs_rq_completion_of(ctx);
	struct cs_block_key key = { .id = c.dev, .sector = c.sector };

	return cs_block_rq_done(&key, out);
}
