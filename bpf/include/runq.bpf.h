/* Waits on a run queue, for runqlat and runqslower: from a task becoming
 * runnable (woken up, or preempted while still runnable) to sched_switch
 * picking it.  Including this adds the sched_wakeup and sched_wakeup_new
 * programs (all flavours) and the `start` map; the tool writes its
 * sched_switch programs with the helpers below.
 *
 *   cs_runq_mark(tid)                 tid's wait starts now (not the idle task)
 *   cs_runq_requeue(preempt, prev)    prev leaves the CPU still runnable
 *   cs_runq_requeue_tp(ctx, prev, tid, wanted)  the same from the tracepoint
 *   cs_runq_take(tid, now, &delta)    tid's wait ends: false when none is known
 *
 * tp_btf / raw_tp see the task_structs: the filters run on the woken task
 * before its start time is stored.  The classic tracepoints carry only pids,
 * and at sched_switch `current` is the task leaving the CPU, so that flavour
 * stores every wakeup time (it cannot tell whose process a pid belongs to)
 * and the tool filters when the task is switched out again, as `current`. */
#pragma once
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "sched.bpf.h"

/* Thread id -> bpf_ktime_get_ns() when it became runnable. */
CS_HASH_MAP(start, __u32, __u64, 16384);

static __always_inline void cs_runq_mark(__u32 tid)
{
	if (tid) /* not the idle task */
		cs_start_set(&start, &tid, bpf_ktime_get_ns());
}

/* A preempted task stays on the run queue: its wait starts now. */
static __always_inline void cs_runq_requeue(bool preempt, struct task_struct *prev)
{
	if ((preempt || cs_task_state(prev) == TASK_RUNNING) && cs_sched_task_wanted(prev))
		cs_runq_mark(BPF_CORE_READ(prev, pid));
}

/* prev (== current) leaves the CPU; wanted: it passes the filters. */
static __always_inline void cs_runq_requeue_tp(struct trace_event_raw_sched_switch *ctx,
					       struct task_struct *prev, __u32 prev_tid,
					       bool wanted)
{
	if (wanted && ((ctx->prev_state & CS_TP_PREEMPTED) || cs_task_state(prev) == TASK_RUNNING))
		cs_runq_mark(prev_tid);
}

static __always_inline bool cs_runq_take(__u32 tid, __u64 now, __u64 *delta)
{
	return cs_start_take(&start, &tid, now, delta) && (__s64)*delta >= 0;
}

static __always_inline void cs_runq_woken(struct task_struct *p)
{
	if (cs_sched_task_wanted(p))
		cs_runq_mark(BPF_CORE_READ(p, pid));
}

CS_BTF_RAW(sched_wakeup, sched_wakeup, cs_runq_woken(p), struct task_struct *p)
CS_BTF_RAW(sched_wakeup_new, sched_wakeup_new, cs_runq_woken(p), struct task_struct *p)

static __always_inline void cs_runq_woken_tp(__u32 tid)
{
	if (!cs_filter_tid || tid == cs_filter_tid)
		cs_runq_mark(tid);
}

SEC("tracepoint/sched/sched_wakeup")
int sched_wakeup__tp(struct trace_event_raw_sched_wakeup_template *ctx)
{
	cs_runq_woken_tp(ctx->pid);
	return 0;
}

SEC("tracepoint/sched/sched_wakeup_new")
int sched_wakeup_new__tp(struct trace_event_raw_sched_wakeup_template *ctx)
{
	cs_runq_woken_tp(ctx->pid);
	return 0;
}
