/* runqlen: sampled from a cpu-clock perf event on every CPU (the frontend
 * opens them): the length of this CPU's run queue, not counting the task
 * that is running, into a per-CPU linear histogram.
 *
 * The length is struct rq's nr_running: tasks of every scheduling class
 * queued on this CPU, the running one included, a field every kernel has
 * had under that name.  (cfs_rq's own count was renamed nr_running ->
 * nr_queued in 6.13 and, under group scheduling, counts only one task
 * group's entities, so it is not used.) */
#include "corescope.bpf.h"
#include "runqlen.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct runqlen_hist);
} hists SEC(".maps");

/* rq->nr_running through the current task's cfs_rq, whose rq back pointer
 * exists with CONFIG_FAIR_GROUP_SCHED; the frontend checks for it in the
 * kernel's BTF before loading. */
static __always_inline __u32 cpu_nr_running(void)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();

	return BPF_CORE_READ(t, se.cfs_rq, rq, nr_running);
}

SEC("perf_event")
int do_sample(struct bpf_perf_event_data *ctx)
{
	struct runqlen_hist *h;
	__u32 zero = 0, len = cpu_nr_running();

	/* 0: idle or one task running with nothing waiting. */
	if (len > 0)
		len--;
	if (len >= RUNQLEN_SLOTS)
		len = RUNQLEN_SLOTS - 1;
	barrier_var(len); /* keeps the clamped value for the verifier to see */
	h = bpf_map_lookup_elem(&hists, &zero);
	if (h && len < RUNQLEN_SLOTS)
		h->slots[len]++;
	return 0;
}
