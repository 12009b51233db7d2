/* llcstat: last-level cache references and misses by process (or thread)
 * and CPU.  The frontend opens the hardware events PERF_COUNT_HW_CACHE_MISSES
 * and PERF_COUNT_HW_CACHE_REFERENCES on every CPU, sampled every N events,
 * and attaches one program to each kind; every sample adds its period to the
 * task that was running. */
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "llcstat.h"

const volatile __u32 per_thread = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, LLCSTAT_MAX_ENTRIES);
	__type(key, struct llcstat_key);
	__type(value, struct llcstat_value);
} counts SEC(".maps");

/* Samples not counted because the map was full. */

static __always_inline int count(__u64 period, bool miss)
{
	struct llcstat_key key = {};
	struct llcstat_value *v, zero = {};
	__u64 id = bpf_get_current_pid_tgid();

	if (!cs_current_wanted())
		return 0;
	key.pid = id >> 32;
	key.tid = per_thread ? (__u32)id : 0;
	key.cpu = bpf_get_smp_processor_id();
	v = bpf_map_lookup_elem(&counts, &key);
	if (!v) {
		bpf_get_current_comm(zero.comm, sizeof(zero.comm));
		bpf_map_update_elem(&counts, &key, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&counts, &key);
		if (!v) {
			__sync_fetch_and_add(&cs_uncounted, 1);
			return 0;
		}
	}
	if (miss)
		__sync_fetch_and_add(&v->miss, period);
	else
		__sync_fetch_and_add(&v->ref, period);
	return 0;
}

SEC("perf_event")
int on_cache_miss(struct bpf_perf_event_data *ctx)
{
	return count(ctx->sample_period, true);
}

SEC("perf_event")
int on_cache_ref(struct bpf_perf_event_data *ctx)
{
	return count(ctx->sample_period, false);
}
