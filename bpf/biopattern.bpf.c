/* biopattern: random and sequential block I/O per disk.
 *
 * A completed request (block_rq_complete) is sequential when it starts
 * where the disk's previous completed request ended, random otherwise.  The
 * first request seen on a disk has no predecessor and only sets the
 * position.  tp_btf and raw_tp read the request; the classic tracepoint its
 * record (disk, sector, sectors). */
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "block.bpf.h"
#include "biopattern.h"

const volatile __u32 filter_dev = 0; /* -d: trace only targ_dev */
const volatile __u32 targ_dev = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BIOPATTERN_MAX_DISKS);
	__type(key, __u32);
	__type(value, struct biopattern_counter);
} counters SEC(".maps");

static __always_inline int count(__u32 dev, __u64 sector, __u32 nr_sector)
{
	struct biopattern_counter *c, zero = {};

	if (filter_dev && dev != targ_dev)
		return 0;
	c = bpf_map_lookup_elem(&counters, &dev);
	if (!c) {
		/* The first request only says where the disk is. */
		zero.next_sector = sector + nr_sector;
		if (bpf_map_update_elem(&counters, &dev, &zero, BPF_NOEXIST))
			__sync_fetch_and_add(&cs_uncounted, 1);
		return 0;
	}
	if (c->next_sector == sector)
		__sync_fetch_and_add(&c->sequential, 1);
	else
		__sync_fetch_and_add(&c->random, 1);
	__sync_fetch_and_add(&c->bytes, (__u64)nr_sector * 512);
	c->next_sector = sector + nr_sector;
	return 0;
}

static __always_inline int rq_done(struct request *rq, unsigned int nr_bytes)
{
	return count(cs_rq_dev(rq), BPF_CORE_READ(rq, __sector), nr_bytes >> 9);
}

CS_BTF_RAW(block_rq_complete, block_rq_complete, rq_done((struct request *)ctx[0], (__u32)ctx[2]))

SEC("tracepoint/block/block_rq_complete")
int block_rq_complete__tp(void *ctx)
{
	struct cs_rq_completion c = cs_rq_completion_of(ctx);

	return count(c.dev, c.sector, c.nr_sector);
}
