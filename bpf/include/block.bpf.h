/* CO-RE helpers for block-layer requests, across kernels 5.10 .. 6.18.
 *
 * Where a request's disk lives changed: up to 5.x the request points at it
 * (request->rq_disk); 6.0 removed that field and the disk is found through
 * the queue (request->q->disk, which 5.10 does not have).  Both layouts are
 * described below as ___flavor structs so one object relocates against
 * either kernel, and the choice is a CO-RE constant the verifier folds.
 *
 * The dev_t made here is the kernel's internal one (major << 20 | minor), the
 * same the block tracepoints record in their `dev` field, so programs on any
 * attach type produce comparable keys; common/disks.h decodes it. */
#pragma once
#include "corescope.bpf.h"

#define CS_MINORBITS 20

/* Up to 5.19. */
struct request___cs_with_disk {
	struct gendisk *rq_disk;
} __attribute__((preserve_access_index));

/* 5.15 and later: the queue knows its disk. */
struct request_queue___cs_with_disk {
	struct gendisk *disk;
} __attribute__((preserve_access_index));

struct request___cs_via_queue {
	struct request_queue___cs_with_disk *q;
} __attribute__((preserve_access_index));

/* The disk a request is for, or NULL (e.g. passthrough on a queue without one). */
static __always_inline struct gendisk *cs_rq_disk(struct request *rq)
{
	if (bpf_core_field_exists(struct request___cs_with_disk, rq_disk))
		return BPF_CORE_READ((struct request___cs_with_disk *)rq, rq_disk);
	if (bpf_core_field_exists(struct request_queue___cs_with_disk, disk))
		return BPF_CORE_READ((struct request___cs_via_queue *)rq, q, disk);
	return NULL;
}

/* A request in a map: its address (tp_btf, raw_tp), or for the tracepoint
 * flavour, which never sees it, its disk and first sector. */
struct cs_block_key {
	__u64 id; /* request address; for the tracepoint flavour the dev */
	__u64 sector;
};

static __always_inline __u32 cs_mkdev(__u32 major, __u32 minor)
{
	return (major << CS_MINORBITS) | minor;
}

/* dev_t of a whole disk (its first minor): what the tracepoints call dev. */
static __always_inline __u32 cs_disk_dev(struct gendisk *disk)
{
	if (!disk)
		return 0;
	return cs_mkdev(BPF_CORE_READ(disk, major), BPF_CORE_READ(disk, first_minor));
}

static __always_inline __u32 cs_rq_dev(struct request *rq)
{
	return cs_disk_dev(cs_rq_disk(rq));
}

/* True when the request's queue has an I/O scheduler: then every request
 * passes block_rq_insert before block_rq_issue. */
static __always_inline bool cs_rq_has_elevator(struct request *rq)
{
	return BPF_CORE_READ(rq, q, elevator) != NULL;
}

/* The block_rq_complete tracepoint record: its own event class up to 5.x
 * (trace_event_raw_block_rq_complete), the shared class block_rq_completion
 * later.  Only the fields read here are named; CO-RE finds their offsets
 * (rwbs grew from 8 to 10 bytes in 6.x).  The record is read with probe
 * reads: the compiler merges the two layouts' loads into one ctx access at a
 * computed offset, which the verifier refuses for direct ctx reads. */
struct trace_event_raw_block_rq_complete___cs {
	dev_t dev;
	sector_t sector;
	unsigned int nr_sector;
	char rwbs[8];
} __attribute__((preserve_access_index));

struct trace_event_raw_block_rq_completion___cs {
	dev_t dev;
	sector_t sector;
	unsigned int nr_sector;
	char rwbs[8];
} __attribute__((preserve_access_index));

/* Fields of a block_rq_complete record, whichever class the kernel uses. */
struct cs_rq_completion {
	__u32 dev;
	__u64 sector;
	__u32 nr_sector; /* sectors completed */
	const char *rwbs; /* kernel address of the NUL-terminated string */
};

static __always_inline struct cs_rq_completion cs_rq_completion_of(void *ctx)
{
	struct cs_rq_completion r = {};

	if (bpf_core_type_exists(struct trace_event_raw_block_rq_completion___cs)) {
		struct trace_event_raw_block_rq_completion___cs *c = ctx;

		r.dev = BPF_CORE_READ(c, dev);
		r.sector = BPF_CORE_READ(c, sector);
		r.nr_sector = BPF_CORE_READ(c, nr_sector);
		r.rwbs = (const char *)__builtin_preserve_access_index(&c->rwbs);
	} else {
		struct trace_event_raw_block_rq_complete___cs *c = ctx;

		r.dev = BPF_CORE_READ(c, dev);
		r.sector = BPF_CORE_READ(c, sector);
		r.nr_sector = BPF_CORE_READ(c, nr_sector);
		r.rwbs = (const char *)__builtin_preserve_access_index(&c->rwbs);
	}
	return r;
}
