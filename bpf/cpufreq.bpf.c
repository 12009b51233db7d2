/* cpufreq: sample each CPU's clock frequency from a cpu-clock perf event on
 * every CPU (the frontend opens them), into one system-wide linear histogram
 * and one per process name.
 *
 * A CPU's frequency is what the power:cpu_frequency tracepoint last said
 * for it, the frontend having seeded every CPU from cpufreq's sysfs
 * scaling_cur_freq.  That hook has the usual flavours; its body is the same
 * in each, since the tracepoint's arguments are plain numbers. */
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "cpufreq.h"

/* CPU number -> its current frequency in MHz (0: unknown, not sampled).
 * Sized to the possible CPUs by the frontend. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} freqs_mhz SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct cpufreq_key);
	__type(value, struct cpufreq_hist);
} hists SEC(".maps");

/* Every sample, whichever process: one entry. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cpufreq_hist);
} syswide SEC(".maps");

/* Samples not counted per process because `hists` was full. */

static const struct cpufreq_hist empty_hist;

static __always_inline int on_frequency(__u32 khz, __u32 cpu)
{
	__u32 mhz = khz / 1000;

	/* Fails for a CPU number beyond the map: nothing to record then. */
	bpf_map_update_elem(&freqs_mhz, &cpu, &mhz, BPF_ANY);
	return 0;
}

CS_BTF_RAW(cpu_frequency, cpu_frequency, on_frequency(state, cpu_id),
	   unsigned int state, unsigned int cpu_id)

SEC("tracepoint/power/cpu_frequency")
int cpu_frequency__tp(struct trace_event_raw_cpu *ctx)
{
	return on_frequency(ctx->state, ctx->cpu_id);
}

SEC("perf_event")
int do_sample(struct bpf_perf_event_data *ctx)
{
	struct cpufreq_key key = {};
	struct cpufreq_hist *h;
	__u32 cpu = bpf_get_smp_processor_id(), zero = 0, *mhz, slot;

	if (!cs_current_wanted())
		return 0;
	mhz = bpf_map_lookup_elem(&freqs_mhz, &cpu);
	if (!mhz || !*mhz)
		return 0;
	slot = *mhz / CPUFREQ_STEP_MHZ;
	if (slot >= CPUFREQ_SLOTS)
		slot = CPUFREQ_SLOTS - 1;
	barrier_var(slot);
	if (slot >= CPUFREQ_SLOTS)
		return 0;
	h = bpf_map_lookup_elem(&syswide, &zero);
	if (h)
		__sync_fetch_and_add(&h->slots[slot], 1);
	if ((__u32)bpf_get_current_pid_tgid() == 0) /* idle: system-wide only */
		return 0;

	bpf_get_current_comm(key.comm, sizeof(key.comm));
	h = cs_lookup_or_init(&hists, &key, &empty_hist);
	if (!h) {
		__sync_fetch_and_add(&cs_uncounted, 1);
		return 0;
	}
	__sync_fetch_and_add(&h->slots[slot], 1);
	return 0;
}
