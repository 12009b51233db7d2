/* runqslower: one record per wait on a run queue longer than min_us, from
 * the task becoming runnable (woken up, or preempted while still runnable)
 * to sched_switch picking it.
 *
 * tp_btf / raw_tp see the task_structs: the filters run on the woken task
 * before its start time is stored, the record is sent when sched_switch
 * picks it.
 *
 * The classic tracepoints carry only pids, and at sched_switch `current` is
 * the task leaving the CPU, so that flavour stores every wakeup time (it
 * cannot tell whose process a pid belongs to), builds the record when the
 * task is switched in, keeps it in `pending`, and filters and sends it when
 * the task is switched out again, running as `current`. */
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "sched.bpf.h"
#include "runqslower.h"

/* Bit the sched_switch tracepoint sets in prev_state when prev was
 * preempted (TASK_REPORT_MAX, 0x100 since Linux 4.14). */
#define TP_PREEMPTED 0x100

const volatile __u64 min_us = 10000; /* 0: every wait */

CS_SCRATCH(struct runqslower_event)

/* Thread id -> bpf_ktime_get_ns() when it became runnable. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, __u64);
} start SEC(".maps");

/* Tracepoint flavour: thread id -> its record, built when it was switched
 * in, sent when it is switched out. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct runqslower_event);
} pending SEC(".maps");

static __always_inline void mark_runnable(__u32 tid)
{
	__u64 now;

	if (!tid) /* the idle task */
		return;
	now = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &tid, &now, BPF_ANY);
}

/* A record for next_tid if it waited longer than min_us, else NULL. */
static __always_inline struct runqslower_event *slow_wait(__u32 next_tid)
{
	struct runqslower_event *e;
	__u64 *tsp, now, delta_ns, delta_us;

	tsp = bpf_map_lookup_elem(&start, &next_tid);
	if (!tsp)
		return NULL;
	now = bpf_ktime_get_ns();
	delta_ns = now - *tsp;
	bpf_map_delete_elem(&start, &next_tid);
	delta_us = delta_ns / 1000;
	if ((__s64)delta_ns < 0 || (min_us && delta_us <= min_us))
		return NULL;
	e = cs_scratch_get();
	if (!e)
		return NULL;
	e->time_ns = now;
	e->delta_us = delta_us;
	e->tid = next_tid;
	e->cpu = bpf_get_smp_processor_id();
	return e;
}

/* --- tp_btf / raw_tp: task pointers. */

static __always_inline int on_wakeup(struct task_struct *p)
{
	if (cs_sched_task_wanted(p))
		mark_runnable(BPF_CORE_READ(p, pid));
	return 0;
}

static __always_inline int on_switch(void *ctx, bool preempt, struct task_struct *prev,
				     struct task_struct *next)
{
	struct runqslower_event *e;

	/* A preempted task stays on the run queue: its wait starts now. */
	if ((preempt || cs_task_state(prev) == TASK_RUNNING) && cs_sched_task_wanted(prev))
		mark_runnable(BPF_CORE_READ(prev, pid));

	e = slow_wait(BPF_CORE_READ(next, pid));
	if (!e)
		return 0;
	e->pid = BPF_CORE_READ(next, tgid);
	e->prev_tid = BPF_CORE_READ(prev, pid);
	bpf_probe_read_kernel_str(e->comm, sizeof(e->comm), &next->comm);
	bpf_probe_read_kernel_str(e->prev_comm, sizeof(e->prev_comm), &prev->comm);
	cs_submit(ctx, e, sizeof(*e));
	return 0;
}

CS_BTF_RAW(sched_wakeup, sched_wakeup, on_wakeup(p), struct task_struct *p)

CS_BTF_RAW(sched_wakeup_new, sched_wakeup_new, on_wakeup(p), struct task_struct *p)

CS_SCHED_SWITCH(on_switch(ctx, preempt, prev, next))

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
	struct runqslower_event *e;

	/* The slow wait that ended when prev was switched in, sent now that
	 * prev is current and its process is known. */
	e = bpf_map_lookup_elem(&pending, &prev_tid);
	if (e) {
		if (wanted) {
			e->pid = BPF_CORE_READ(prev, tgid);
			cs_submit(ctx, e, sizeof(*e));
		}
		bpf_map_delete_elem(&pending, &prev_tid);
	}
	if (wanted && ((ctx->prev_state & TP_PREEMPTED) || cs_task_state(prev) == TASK_RUNNING))
		mark_runnable(prev_tid);

	e = slow_wait(next_tid);
	if (!e)
		return 0;
	e->prev_tid = prev_tid;
	bpf_probe_read_kernel(e->comm, sizeof(e->comm), ctx->next_comm);
	bpf_probe_read_kernel(e->prev_comm, sizeof(e->prev_comm), ctx->prev_comm);
	bpf_map_update_elem(&pending, &next_tid, e, BPF_ANY);
	return 0;
}
