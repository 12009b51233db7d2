/* cpudist: how long tasks run on a CPU before they leave it (or, with
 * offcpu, how long they stay off it before they run again), as log2
 * histograms per task key.
 *
 * Every measurement is made at sched_switch: on-CPU time runs from the switch
 * that picks a task (`next`) to the one that takes it off (`prev`); off-CPU
 * time the other way round.  Idle tasks (pid 0, one per CPU) are counted only
 * with include_idle (-I), each under a slot of its CPU.
 *
 * tp_btf / raw_tp see both task_structs, so the filters run when the start
 * time is stored.  The classic tracepoint has only pids and `current` is
 * prev: on-CPU time is counted at the switch-out, where the task is current
 * and its process and cgroup are known; off-CPU time measured at the
 * switch-in is kept in `pending__tp` and counted when the task leaves the CPU
 * again, as current. */
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "task_hist.bpf.h"
#include "cpudist.h"

const volatile __u32 key_mode = CS_TASK_KEY_NONE;
const volatile __u32 use_ms = 0;
const volatile __u32 offcpu = 0;
const volatile __u32 include_idle = 0;

/* Thread id -> bpf_ktime_get_ns() when it went on (or off) the CPU.  Off-CPU
 * entries wait for as long as a task sleeps; LRU drops the longest sleepers
 * should the map fill up. */
CS_THREAD_MAP(start, __u64, 32768);

/* Tracepoint flavour, off-CPU: thread id -> time off the CPU (ns), measured
 * at its switch-in, counted at its switch-out. */
CS_HASH_MAP(pending__tp, __u32, __u64, 16384);

CS_TASK_HISTS(hists);

/* Whether a thread is measured at all: the idle tasks only with -I. */
static __always_inline bool counted(__u32 tid)
{
	return tid || include_idle;
}

/* The key of a thread in `start` and `pending__tp`: its id, or for the idle
 * task (pid 0 on every CPU) a slot of the CPU it runs on. */
static __always_inline __u32 slot(__u32 tid)
{
	return tid ? tid : 0x80000000u | bpf_get_smp_processor_id();
}

static __always_inline void mark(__u32 tid, __u64 now)
{
	__u32 key = slot(tid);

	if (counted(tid))
		cs_start_set(&start, &key, now);
}

/* Time since mark(tid), taken out of `start`; false when there is none. */
static __always_inline bool take(__u32 tid, __u64 now, __u64 *delta)
{
	__u32 key = slot(tid);

	return counted(tid) && cs_start_take(&start, &key, now, delta) && (__s64)*delta >= 0;
}

static __always_inline void count(struct task_struct *t, __u64 delta_ns)
{
	cs_task_hist_add(&hists, t, key_mode, delta_ns / (use_ms ? 1000000 : 1000));
}

/* --- tp_btf / raw_tp: task pointers. */

static __always_inline int on_switch(struct task_struct *prev, struct task_struct *next)
{
	__u32 prev_tid = BPF_CORE_READ(prev, pid), next_tid = BPF_CORE_READ(next, pid);
	__u64 now = bpf_ktime_get_ns(), delta;

	if (offcpu) {
		if (counted(prev_tid) && cs_sched_task_wanted(prev))
			mark(prev_tid, now);
		if (take(next_tid, now, &delta))
			count(next, delta);
	} else {
		if (take(prev_tid, now, &delta))
			count(prev, delta);
		if (counted(next_tid) && cs_sched_task_wanted(next))
			mark(next_tid, now);
	}
	return 0;
}

CS_SCHED_SWITCH(on_switch(prev, next))

/* --- tracepoint: pids only; `current` is prev. */

SEC("tracepoint/sched/sched_switch")
int sched_switch__tp(struct trace_event_raw_sched_switch *ctx)
{
	struct task_struct *prev = (struct task_struct *)bpf_get_current_task();
	__u32 prev_tid = ctx->prev_pid, next_tid = ctx->next_pid;
	__u32 prev_key = slot(prev_tid), next_key = slot(next_tid);
	bool wanted = counted(prev_tid) && cs_sched_task_wanted(prev);
	__u64 now = bpf_ktime_get_ns(), delta;

	if (offcpu) {
		if (cs_map_take(&pending__tp, &prev_key, &delta) && wanted)
			count(prev, delta);
		if (wanted)
			mark(prev_tid, now);
		if (take(next_tid, now, &delta))
			bpf_map_update_elem(&pending__tp, &next_key, &delta, BPF_ANY);
	} else {
		if (take(prev_tid, now, &delta) && wanted)
			count(prev, delta);
		if (!cs_filter_tid || next_tid == cs_filter_tid)
			mark(next_tid, now);
	}
	return 0;
}
