/* biolatpcts: block I/O latency of one disk in three tiers of linear slots
 * per operation, counted at block_rq_complete; the frontend computes the
 * percentiles of each interval.  The on-device latency starts at
 * block_rq_issue (any flavour); -w after-rq-alloc and from-rq-alloc read
 * the times the kernel keeps in the request (tp_btf and raw_tp only). */
#include "corescope.bpf.h"
#include "block.bpf.h"
#include "maps.bpf.h"
#include "biolatpcts.h"

const volatile __u32 which = BIOLATPCTS_ON_DEVICE;
const volatile __u32 targ_dev = 0;
const volatile __u32 rq_arg = 0;

/* When each request was issued (on-device); LRU: one never completed ages out. */
CS_MAP(BPF_MAP_TYPE_LRU_HASH, start, struct cs_block_key, __u64, 10240);
CS_MAP(BPF_MAP_TYPE_PERCPU_ARRAY, slots, __u32, __u64, BIOLATPCTS_ENTRIES);

static __always_inline void bump(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&slots, &idx);

	if (v)
		*v += 1;
}

static __always_inline void add(__u32 op, __u64 dur)
{
	__u64 s = dur / (100 * 1000000ull);

	bump(op * BIOLATPCTS_SLOTS + (s > 99 ? 99 : s));
	if (s)
		return;
	s = dur / 1000000;
	bump(400 + op * BIOLATPCTS_SLOTS + (s > 99 ? 99 : s));
	if (s)
		return;
	s = dur / 10000;
	bump(800 + op * BIOLATPCTS_SLOTS + (s > 99 ? 99 : s));
}

/* Slot group of an operation code (REQ_OP_READ 0, WRITE 1, FLUSH 2,
 * DISCARD 3 on every kernel); -1 for the others, which bcc leaves out. */
static __always_inline int op_of_cmd(__u32 cmd_flags)
{
	switch (cmd_flags & 0xff) {
	case 0: return 0;
	case 1: return 1;
	case 3: return 2;
	case 2: return 3;
	}
	return -1;
}

/* The same from rwbs: an optional preflush 'F', then the operation. */
static __always_inline int op_of_rwbs(const char *rwbs)
{
	char c[3] = {};

	bpf_probe_read_kernel(c, sizeof(c), rwbs);
	if (c[0] == 'F' && (c[1] == 'W' || c[1] == 'R' || c[1] == 'D')) {
		c[0] = c[1];
		c[1] = c[2];
	}
	switch (c[0]) {
	case 'R': return 0;
	case 'W': return 1;
	case 'D': return c[1] == 'E' ? -1 : 2;
	case 'F': return 3;
	}
	return -1;
}

static __always_inline void stamp(struct cs_block_key *key, __u32 dev)
{
	__u64 ts = bpf_ktime_get_ns();

	if (dev != targ_dev)
		return;
	bpf_map_update_elem(&start, key, &ts, BPF_ANY);
}

static __always_inline void done(struct cs_block_key *key, int op, __u64 since)
{
	__u64 now = bpf_ktime_get_ns();

	if (which == BIOLATPCTS_ON_DEVICE) {
		__u64 *tsp = bpf_map_lookup_elem(&start, key);

		if (!tsp)
			return;
		since = *tsp;
		bpf_map_delete_elem(&start, key);
	}
	if (op < 0 || !since)
		return;
	add(op, now > since ? now - since : 0);
}

/* --- tp_btf and raw_tp: the request. */

struct request___cs_alloc {
	__u64 alloc_time_ns;
} __attribute__((preserve_access_index));

static __always_inline void rq_issue(struct request *rq)
{
	struct cs_block_key key = { .id = (__u64)rq };

	if (which == BIOLATPCTS_ON_DEVICE)
		stamp(&key, cs_rq_dev(rq));
}

static __always_inline void rq_done(struct request *rq)
{
	struct cs_block_key key = { .id = (__u64)rq };
	__u64 since = 0;

	if (cs_rq_dev(rq) != targ_dev)
		return;
	if (which == BIOLATPCTS_AFTER_RQ_ALLOC)
		since = BPF_CORE_READ(rq, start_time_ns);
	else if (which == BIOLATPCTS_FROM_RQ_ALLOC &&
		 bpf_core_field_exists(struct request___cs_alloc, alloc_time_ns))
		since = BPF_CORE_READ((struct request___cs_alloc *)rq, alloc_time_ns);
	done(&key, op_of_cmd(BPF_CORE_READ(rq, cmd_flags)), since);
}

CS_BTF_RAW(block_rq_issue, block_rq_issue, rq_issue((struct request *)(rq_arg ? ctx[1] : ctx[0])))
CS_BTF_RAW(block_rq_complete, block_rq_complete, rq_done((struct request *)ctx[0]))

/* --- tracepoint: the record, on-device only (the frontend refuses -w). */

SEC("tracepoint/block/block_rq_issue")
int block_rq_issue__tp(struct trace_event_raw_block_rq *ctx)
{
	struct cs_block_key key = { .id = ctx->dev, .sector = ctx->sector };

	stamp(&key, ctx->dev);
	return 0;
}

SEC("tracepoint/block/block_rq_complete")
int block_rq_complete__tp(void *ctx)
{
	struct cs_rq_completion c = cs_rq_completion_of(ctx);
	struct cs_block_key key = { .id = c.dev, .sector = c.sector };

	if (c.dev == targ_dev)
		done(&key, op_of_rwbs(c.rwbs), 0);
	return 0;
}
