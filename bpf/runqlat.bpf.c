/* runqlat: time from a task becoming runnable (woken up, or preempted while
 * still runnable) to it running on a CPU, as log2 histograms in a hash map
 * (the wakeup programs and the start times: runq.bpf.h).
 *
 * tp_btf / raw_tp count the latency when sched_switch picks the task.  The
 * tracepoint flavour keeps it in `pending__tp` when the task is switched in, and
 * filters and counts it when the task is switched out again, running as
 * `current`. */
#include "corescope.bpf.h"
#include "runq.bpf.h"
#include "task_hist.bpf.h"

const volatile __u32 key_mode = CS_TASK_KEY_NONE;
const volatile __u32 use_ms = 0;

/* Tracepoint flavour: thread id -> latency (ns) measured when it was
 * switched in, counted when it is switched out. */
CS_HASH_MAP(pending__tp, __u32, __u64, 16384);

CS_TASK_HISTS(hists);

static __always_inline void count(struct task_struct *t, __u64 delta_ns)
{
	cs_task_hist_add(&hists, t, key_mode, delta_ns / (use_ms ? 1000000 : 1000));
}

/* --- tp_btf / raw_tp: task pointers. */

static __always_inline void on_switch(bool preempt, struct task_struct *prev,
				      struct task_struct *next)
{
	__u64 delta;

	cs_runq_requeue(preempt, prev);
	if (cs_runq_take(BPF_CORE_READ(next, pid), bpf_ktime_get_ns(), &delta))
		count(next, delta);
}

CS_SCHED_SWITCH(on_switch(preempt, prev, next))

/* --- tracepoint: pids only; `current` is the task being switched out. */

SEC("tracepoint/sched/sched_switch")
int sched_switch__tp(struct trace_event_raw_sched_switch *ctx)
{
	struct task_struct *prev = (struct task_struct *)bpf_get_current_task();
	__u32 prev_tid = ctx->prev_pid, next_tid = ctx->next_pid;
	bool wanted = prev_tid && cs_sched_task_wanted(prev);
	__u64 delta;

	/* The wait that ended when prev was switched in, counted now that
	 * prev is current and its process and cgroup are known. */
	if (cs_map_take(&pending__tp, &prev_tid, &delta) && wanted)
		count(prev, delta);
	cs_runq_requeue_tp(ctx, prev, prev_tid, wanted);
	if (cs_runq_take(next_tid, bpf_ktime_get_ns(), &delta))
		bpf_map_update_elem(&pending__tp, &next_tid, &delta, BPF_ANY);
	return 0;
}
