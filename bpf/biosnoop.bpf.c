/* biosnoop: one record per completed block request, with the process that
 * issued it (block_io.bpf.h says how it is found), its disk, sector, size,
 * the time it waited in the I/O scheduler (-Q) and its device latency. */
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "block_io.bpf.h"
#include "biosnoop.h"

const volatile __u32 targ_queued = 0; /* -Q */
const volatile __u64 min_ns = 0;      /* -m */

CS_BLOCK_IO_PROGRAMS

static __always_inline void report(void *ctx, struct cs_block_stage *st, bool known_elevator)
{
	struct biosnoop_event e = {};
	__u64 now = bpf_ktime_get_ns();

	e.delta_ns = now > st->issue_ns ? now - st->issue_ns : 0;
	if (e.delta_ns < min_ns)
		return;
	e.ts_ns = now;
	if (targ_queued) {
		if (st->insert_ns)
			e.qdelta_ns = st->issue_ns - st->insert_ns;
		else if (known_elevator && st->elevator)
			e.qdelta_ns = BIOSNOOP_NO_QUEUE;
	}
	e.sector = st->sector;
	e.bytes = st->bytes;
	e.dev = st->dev;
	e.pid = st->pid;
	e.cmd_flags = st->cmd_flags;
	__builtin_memcpy(e.rwbs, st->rwbs, sizeof(e.rwbs));
	__builtin_memcpy(e.comm, st->comm, sizeof(e.comm));
	cs_submit(ctx, &e, sizeof(e));
}

static __always_inline void done_request(void *ctx, struct request *rq)
{
	struct cs_block_stage st;

	if (cs_block_done_request(rq, &st))
		report(ctx, &st, true);
}

CS_BTF_RAW(block_rq_complete, block_rq_complete, done_request(ctx, (struct request *)ctx[0]))

SEC("tracepoint/block/block_rq_complete")
int block_rq_complete__tp(void *ctx)
{
	struct cs_block_stage st;

	if (cs_block_done_record(ctx, &st))
		report(ctx, &st, false);
	return 0;
}
