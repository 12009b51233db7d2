/* biotop: block I/O per issuing process, disk and direction, summed in the
 * kernel at each completion; the frontend takes the map every interval.
 * The request's life (issuer, issue time, size) is block_io.bpf.h's. */
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "block_io.bpf.h"
#include "biotop.h"

CS_HASH_MAP(counts, struct biotop_key, struct biotop_value, BIOTOP_MAX_ENTRIES);

static struct biotop_value zero_value;

CS_BLOCK_IO_PROGRAMS

/* Write: the operation code is 1 on every kernel (REQ_OP_WRITE); in the
 * rwbs string a 'W' after an optional preflush 'F'. */
static __always_inline __u32 is_write(struct cs_block_stage *st)
{
	if (st->rwbs[0])
		return st->rwbs[0] == 'W' || (st->rwbs[0] == 'F' && st->rwbs[1] == 'W');
	return (st->cmd_flags & 0xff) == 1;
}

static __always_inline void count(struct cs_block_stage *st)
{
	struct biotop_key key = { .pid = st->pid, .dev = st->dev };
	struct biotop_value *v;
	__u64 now = bpf_ktime_get_ns();

	key.write = is_write(st);
	__builtin_memcpy(key.comm, st->comm, sizeof(key.comm));
	v = cs_lookup_or_init(&counts, &key, &zero_value);
	if (!v) {
		__sync_fetch_and_add(&cs_uncounted, 1);
		return;
	}
	__sync_fetch_and_add(&v->io, 1);
	__sync_fetch_and_add(&v->bytes, st->bytes);
	__sync_fetch_and_add(&v->us, now > st->issue_ns ? (now - st->issue_ns) / 1000 : 0);
}

static __always_inline void done_request(struct request *rq)
{
	struct cs_block_stage st;

	if (cs_block_done_request(rq, &st))
		count(&st);
}

CS_BTF_RAW(block_rq_complete, block_rq_complete, done_request((struct request *)ctx[0]))

SEC("tracepoint/block/block_rq_complete")
int block_rq_complete__tp(void *ctx)
{
	struct cs_block_stage st;

	if (cs_block_done_record(ctx, &st))
		count(&st);
	return 0;
}
