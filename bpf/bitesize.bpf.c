/* bitesize: block I/O sizes as log2 histograms per process name.
 *
 * A request is counted when it is issued to the driver (block_rq_issue),
 * under the comm of the task running then: the one that submitted it when
 * the block layer dispatches at once, a kworker when the queue was run later
 * (as the peer counts it).  tp_btf and raw_tp read the size and the disk
 * from the request; the classic tracepoint has both in its record. */
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "histogram.bpf.h"
#include "block.bpf.h"
#include "bitesize.h"

const volatile char filter_comm[CS_COMM_LEN] = {}; /* -c: "" traces every comm */
const volatile __u32 filter_dev = 0;                /* -d: trace only targ_dev */
const volatile __u32 targ_dev = 0;
/* Which argument of block_rq_issue is the request (see biolatency.bpf.c). */
const volatile __u32 rq_arg = 0;

CS_HASH_MAP(hists, struct bitesize_key, struct bitesize_hist, BITESIZE_MAX_COMMS);

static struct bitesize_hist zero_hist;

/* The whole comm must match, NUL included. */
static __always_inline bool comm_wanted(const char *comm)
{
	if (!filter_comm[0])
		return true;
	for (int i = 0; i < CS_COMM_LEN; i++) {
		if (comm[i] != filter_comm[i])
			return false;
		if (!comm[i])
			break;
	}
	return true;
}

static __always_inline int count(__u32 dev, __u64 bytes)
{
	struct bitesize_key key = {};
	struct bitesize_hist *h;

	if (filter_dev && dev != targ_dev)
		return 0;
	bpf_get_current_comm(key.comm, sizeof(key.comm));
	if (!comm_wanted(key.comm))
		return 0;
	h = cs_lookup_or_init(&hists, &key, &zero_hist);
	if (!h) {
		__sync_fetch_and_add(&cs_uncounted, 1);
		return 0;
	}
	cs_hist_add(h->slots, bytes / 1024);
	return 0;
}

static __always_inline int rq_issue(struct request *rq)
{
	return count(filter_dev ? cs_rq_dev(rq) : 0, BPF_CORE_READ(rq, __data_len));
}

CS_BTF_RAW(block_rq_issue, block_rq_issue,
	   rq_issue((struct request *)(rq_arg ? ctx[1] : ctx[0])))

SEC("tracepoint/block/block_rq_issue")
int block_rq_issue__tp(struct trace_event_raw_block_rq *ctx)
{
	return count(ctx->dev, ctx->bytes);
}
