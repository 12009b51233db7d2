/* wakeuptime: time threads spend blocked, summed by the stack of the thread
 * that woke them.
 *
 * sched_switch: a thread going to sleep (not preempted) that passes the
 * filters gets its start time in `start`.  sched_waking runs in the waker's
 * context (unlike sched_wakeup, which a remote wakeup reports from the
 * target CPU's interrupt), so `current` is the waker and its stacks are the
 * ones that issued the wakeup: the time asleep is added to their key. */
#include "corescope.bpf.h"
#include "stack_counts.bpf.h"
#include "wakeuptime.h"

/* Thread id -> when it went to sleep. */
CS_THREAD_MAP(start, __u64, WAKEUP_MAX_THREADS);
CS_STACK_MAP(stackmap, WAKEUP_MAX_STACK_DEPTH, WAKEUP_STACK_STORAGE);
CS_COUNTS_MAP(counts, struct wakeuptime_key, WAKEUP_MIN_COUNTS);

static __always_inline void going_to_sleep(bool preempt, struct task_struct *prev)
{
	__u32 tid = BPF_CORE_READ(prev, pid);

	if (!tid || preempt || cs_task_state(prev) == TASK_RUNNING)
		return;
	if (!cs_thread_wanted(prev))
		return;
	cs_start_set(&start, &tid, bpf_ktime_get_ns());
}

/* current wakes thread `tid` (named `comm`, a kernel pointer); stack_ctx
 * as cs_user_stack_meaningful() takes it. */
static __always_inline void waking(void *ctx, const void *stack_ctx, __u32 tid, const char *comm)
{
	struct wakeuptime_key key = {};
	__u64 delta;

	if (!cs_start_take(&start, &tid, bpf_ktime_get_ns(), &delta) || !cs_block_wanted(delta))
		return;
	bpf_get_current_comm(&key.waker, sizeof(key.waker));
	bpf_probe_read_kernel_str(&key.target, sizeof(key.target), comm);
	key.kern_stack_id = cs_kernel_stackid(ctx, &stackmap);
	key.user_stack_id = cs_user_stackid(ctx, &stackmap, !cs_user_stack_meaningful(stack_ctx));
	if (key.user_stack_id != -EFAULT)
		key.waker_pid = bpf_get_current_pid_tgid() >> 32;
	cs_counts_add(&counts, &key, delta);
}

CS_SCHED_SWITCH(going_to_sleep(preempt, prev))

CS_BTF_RAW(sched_waking, sched_waking, waking(ctx, ctx, BPF_CORE_READ(p, pid), p->comm),
	   struct task_struct *p)

/* Tracepoints: prev is current at sched_switch; sched_waking names the
 * woken thread by pid and comm. */
SEC("tracepoint/sched/sched_switch")
int sched_switch__tp(struct trace_event_raw_sched_switch *ctx)
{
	going_to_sleep(ctx->prev_state & CS_TP_PREEMPTED,
		       (struct task_struct *)bpf_get_current_task());
	return 0;
}

SEC("tracepoint/sched/sched_waking")
int sched_waking__tp(struct trace_event_raw_sched_wakeup_template *ctx)
{
	waking(ctx, NULL, ctx->pid, ctx->comm);
	return 0;
}
