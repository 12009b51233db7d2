/* runqlat: time from a task becoming runnable (woken up, or preempted while
 * still runnable) to it running on a CPU, as log2 histograms in a hash map.
 *
 * tp_btf / raw_tp flavours see the task_structs: the filters run on the
 * woken task before its start time is stored, the latency is counted when
 * sched_switch picks it.
 *
 * The classic tracepoints carry only pids, and at sched_switch `current` is
 * the task leaving the CPU.  So that flavour stores every wakeup time (it
 * cannot tell whose process a pid belongs to), keeps the measured latency
 * in `pending` when the task is switched in, and filters and counts it when
 * the task is switched out again, running as `current`. */
#include "corescope.bpf.h"
#include "task_hist.bpf.h"

/* Bit the sched_switch tracepoint sets in prev_state when prev was
 * preempted (TASK_REPORT_MAX, 0x100 since Linux 4.14). */
#define TP_PREEMPTED 0x100

const volatile __u32 key_mode = CS_TASK_KEY_NONE;
const volatile __u32 use_ms = 0;

/* Thread id -> bpf_ktime_get_ns() when it became runnable. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, __u64);
} start SEC(".maps");

/* Tracepoint flavour: thread id -> latency (ns) measured when it was
 * switched in, counted when it is switched out. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, __u64);
} pending SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct cs_task_hist);
} hists SEC(".maps");

static __always_inline void mark_runnable(__u32 tid)
{
	__u64 now;

	if (!tid) /* the idle task */
		return;
	now = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &tid, &now, BPF_ANY);
}

static __always_inline void count(struct task_struct *t, __u64 delta_ns)
{
	cs_task_hist_add(&hists, t, key_mode, delta_ns / (use_ms ? 1000000 : 1000));
}

/* --- tp_btf / raw_tp: task pointers. */

static __always_inline int on_wakeup(struct task_struct *p)
{
	if (cs_sched_task_wanted(p))
		mark_runnable(BPF_CORE_READ(p, pid));
	return 0;
}

static __always_inline int on_switch(bool preempt, struct task_struct *prev,
				     struct task_struct *next)
{
	__u32 tid;
	__u64 *tsp, delta;

	/* A preempted task stays on the run queue: its wait starts now. */
	if ((preempt || cs_task_state(prev) == TASK_RUNNING) && cs_sched_task_wanted(prev))
		mark_runnable(BPF_CORE_READ(prev, pid));

	tid = BPF_CORE_READ(next, pid);
	tsp = bpf_map_lookup_elem(&start, &tid);
	if (!tsp)
		return 0;
	delta = bpf_ktime_get_ns() - *tsp;
	bpf_map_delete_elem(&start, &tid);
	if ((__s64)delta >= 0)
		count(next, delta);
	return 0;
}

CS_BTF_RAW(sched_wakeup, sched_wakeup, on_wakeup(p), struct task_struct *p)

CS_BTF_RAW(sched_wakeup_new, sched_wakeup_new, on_wakeup(p), struct task_struct *p)

CS_SCHED_SWITCH(on_switch(preempt, prev, next))

/* --- tracepoint: pids only; `current` is the task being switched out. */

static __always_inline int on_wakeup_tp(__u32 tid)
{
	if (cs_filter_tid && tid != cs_filter_tid)
		return 0;
	mark_runnable(tid);
	return 0;
}

SEC("tracepoint/sched/sched_wakeup")
int sched_wakeup__tp(struct trace_event_raw_sched_wakeup_template *ctx)
{
	return on_wakeup_tp(ctx->pid);
}

SEC("tracepoint/sched/sched_wakeup_new")
int sched_wakeup_new__tp(struct trace_event_raw_sched_wakeup_template *ctx)
{
	return on_wakeup_tp(ctx->pid);
}

SEC("tracepoint/sched/sched_switch")
int sched_switch__tp(struct trace_event_raw_sched_switch *ctx)
{
	struct task_struct *prev = (struct task_struct *)bpf_get_current_task();
	__u32 prev_tid = ctx->prev_pid, next_tid = ctx->next_pid;
	bool wanted = prev_tid && cs_sched_task_wanted(prev);
	__u64 *p, delta;

	/* The wait that ended when prev was switched in, counted now that
	 * prev is current and its process and cgroup are known. */
	p = bpf_map_lookup_elem(&pending, &prev_tid);
	if (p) {
		delta = *p;
		bpf_map_delete_elem(&pending, &prev_tid);
		if (wanted)
			count(prev, delta);
	}
	if (wanted && ((ctx->prev_state & TP_PREEMPTED) || cs_task_state(prev) == TASK_RUNNING))
		mark_runnable(prev_tid);

	p = bpf_map_lookup_elem(&start, &next_tid);
	if (!p)
		return 0;
	delta = bpf_ktime_get_ns() - *p;
	bpf_map_delete_elem(&start, &next_tid);
	if ((__s64)delta >= 0)
		bpf_map_update_elem(&pending, &next_tid, &delta, BPF_ANY);
	return 0;
}
