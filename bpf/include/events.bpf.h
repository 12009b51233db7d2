/* Event streaming for tools that report individual events.
 *
 * Both a ring buffer and a perf buffer are declared; the frontend picks one
 * before load (cs_use_ringbuf) and shrinks the other to its minimum.  The
 * verifier drops the branch not taken.  Records are variable-length: a tool
 * builds its record in a per-CPU scratch slot and submits only the bytes it
 * filled.  A record the buffer has no room for is counted in cs_dropped, which
 * the frontend reports as lost. */
#pragma once
#include "corescope.bpf.h"

const volatile __u32 cs_use_ringbuf = 1;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096); /* resized by the frontend */
} cs_events_rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} cs_events_pb SEC(".maps");

__u64 cs_dropped = 0;
/* When the reader was last woken (bpf_ktime_get_ns). */
__u64 cs_last_wakeup_ns = 0;

#define CS_WAKEUP_BYTES (64 << 10)
#define CS_WAKEUP_NS (5 * 1000 * 1000)
#define CS_WAKEUP_BUSY_NS (1000 * 1000)

/* A storm wakes the reader at most once per millisecond (and only once 64 KB
 * wait) or once per 5 ms, instead of once per record; an event after a quiet
 * spell wakes it at once.  Every forced wake-up is rate-limited: a reader that
 * stays behind would otherwise be woken for every record.  The frontend also
 * polls every 50 ms, for the last records of a burst. */
static __always_inline __u64 cs_wakeup_flag(void)
{
	__u64 now = bpf_ktime_get_ns();
	__u64 since = now - cs_last_wakeup_ns;

	if (since >= CS_WAKEUP_NS ||
	    (since >= CS_WAKEUP_BUSY_NS &&
	     bpf_ringbuf_query(&cs_events_rb, BPF_RB_AVAIL_DATA) >= CS_WAKEUP_BYTES)) {
		cs_last_wakeup_ns = now;
		return BPF_RB_FORCE_WAKEUP;
	}
	return BPF_RB_NO_WAKEUP;
}

/* Per-CPU scratch space for one record of up to `size` bytes. */
#define CS_SCRATCH(rec_type)                                                       \
	struct {                                                               \
		__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);                       \
		__uint(max_entries, 1);                                        \
		__type(key, __u32);                                            \
		__type(value, rec_type);                                         \
	} cs_scratch SEC(".maps");                                             \
	static __always_inline rec_type *cs_scratch_get(void)                      \
	{                                                                      \
		__u32 zero = 0;                                                \
		return bpf_map_lookup_elem(&cs_scratch, &zero);                \
	}

/* size must be provably bounded (and non-zero) for the verifier. */
static __always_inline void cs_submit(void *ctx, void *data, __u64 size)
{
	long err;

	if (cs_use_ringbuf)
		err = bpf_ringbuf_output(&cs_events_rb, data, size, cs_wakeup_flag());
	else
		err = bpf_perf_event_output(ctx, &cs_events_pb, BPF_F_CURRENT_CPU, data, size);
	if (err)
		__sync_fetch_and_add(&cs_dropped, 1);
}
