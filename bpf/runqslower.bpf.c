/* runqslower: one record per wait on a run queue longer than min_us, from
 * the task becoming runnable (woken up, or preempted while still runnable)
 * to sched_switch picking it (the wakeup programs and the start times:
 * runq.bpf.h).
 *
 * tp_btf / raw_tp send the record when sched_switch picks the task.  The
 * tracepoint flavour builds it when the task is switched in, keeps it in
 * `pending__tp`, and filters and sends it when the task is switched out again,
 * running as `current`. */
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "runq.bpf.h"
#include "runqslower.h"

const volatile __u64 min_us = 10000; /* 0: every wait */

CS_SCRATCH(struct runqslower_event)

/* Tracepoint flavour: thread id -> its record, built when it was switched
 * in, sent when it is switched out. */
CS_HASH_MAP(pending__tp, __u32, struct runqslower_event, 4096);

/* A record for next_tid if it waited longer than min_us, else NULL. */
static __always_inline struct runqslower_event *slow_wait(__u32 next_tid)
{
	__u64 now = bpf_ktime_get_ns(), delta_ns, delta_us;
	struct runqslower_event *e;

	if (!cs_runq_take(next_tid, now, &delta_ns))
		return NULL;
	delta_us = delta_ns / 1000;
	if (min_us && delta_us <= min_us)
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

static __always_inline int on_switch(void *ctx, bool preempt, struct task_struct *prev,
				     struct task_struct *next)
{
	struct runqslower_event *e;

	cs_runq_requeue(preempt, prev);
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

CS_SCHED_SWITCH(on_switch(ctx, preempt, prev, next))

/* --- tracepoint: pids only; `current` is the task being switched out. */

SEC("tracepoint/sched/sched_switch")
int sched_switch__tp(struct trace_event_raw_sched_switch *ctx)
{
	struct task_struct *prev = (struct task_struct *)bpf_get_current_task();
	__u32 prev_tid = ctx->prev_pid, next_tid = ctx->next_pid;
	bool wanted = prev_tid && cs_sched_task_wanted(prev);
	struct runqslower_event *e;

	/* The slow wait that ended when prev was switched in, sent now that
	 * prev is current and its process is known. */
	e = bpf_map_lookup_elem(&pending__tp, &prev_tid);
	if (e) {
		if (wanted) {
			e->pid = BPF_CORE_READ(prev, tgid);
			cs_submit(ctx, e, sizeof(*e));
		}
		bpf_map_delete_elem(&pending__tp, &prev_tid);
	}
	cs_runq_requeue_tp(ctx, prev, prev_tid, wanted);

	e = slow_wait(next_tid);
	if (!e)
		return 0;
	e->prev_tid = prev_tid;
	bpf_probe_read_kernel(e->comm, sizeof(e->comm), ctx->next_comm);
	bpf_probe_read_kernel(e->prev_comm, sizeof(e->prev_comm), ctx->prev_comm);
	bpf_map_update_elem(&pending__tp, &next_tid, e, BPF_ANY);
	return 0;
}
