/* offwaketime: off-CPU time by the blocked thread's stacks together with
 * the stacks of the thread that woke it, summed in the kernel.
 *
 * sched_switch, prev (== current) leaving: its stacks and the time go into
 * `start`.  sched_waking, in the waker's context: the waker's stacks are
 * written into the sleeper's `start` entry.  sched_switch, next coming back:
 * the time it was away is added to the combined key.  (bcc hooks
 * finish_task_switch to read the sleeper's stack as it comes back; it is
 * the same stack it left with, so taking it on the way out needs no kprobe.) */
#include "corescope.bpf.h"
#include "stack_counts.bpf.h"
#include "offwaketime.h"

CS_OFFCPU_MAPS(struct offwaketime_key, OFFWAKE_MAX_THREADS, OFFWAKE_MAX_STACK_DEPTH,
	       OFFWAKE_STACK_STORAGE, OFFWAKE_MIN_COUNTS)

static __always_inline void switch_out(void *ctx, struct task_struct *prev)
{
	__u32 tid = BPF_CORE_READ(prev, pid);
	struct start_val v = {};
	bool kthread;

	if (!tid)
		return;
	if (!cs_thread_wanted(prev))
		return;
	kthread = cs_is_kthread(prev);
	v.key.tid = tid;
	v.key.pid = BPF_CORE_READ(prev, tgid);
	bpf_get_current_comm(&v.key.target, sizeof(v.key.target));
	v.key.kern_stack_id = cs_kernel_stackid(ctx, &stackmap);
	v.key.user_stack_id = cs_user_stackid(ctx, &stackmap, kthread);
	v.key.waker_kern_stack_id = -EFAULT;
	v.key.waker_user_stack_id = -EFAULT;
	v.ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &tid, &v, BPF_ANY);
}

/* current wakes thread `tid`; stack_ctx as cs_user_stack_meaningful() takes it. */
static __always_inline void waking(void *ctx, const void *stack_ctx, __u32 tid)
{
	struct start_val *v = bpf_map_lookup_elem(&start, &tid);
	__u64 id;

	if (!v)
		return;
	id = bpf_get_current_pid_tgid();
	bpf_get_current_comm(&v->key.waker, sizeof(v->key.waker));
	v->key.waker_tid = (__u32)id;
	v->key.waker_kern_stack_id = cs_kernel_stackid(ctx, &stackmap);
	v->key.waker_user_stack_id =
		cs_user_stackid(ctx, &stackmap, !cs_user_stack_meaningful(stack_ctx));
	v->key.waker_pid = v->key.waker_user_stack_id == -EFAULT ? 0 : id >> 32;
}

static __always_inline int on_switch(void *ctx, struct task_struct *prev, struct task_struct *next)
{
	switch_out(ctx, prev);
	cs_switch_in(BPF_CORE_READ(next, pid));
	return 0;
}

CS_SCHED_SWITCH(on_switch(ctx, prev, next))

CS_BTF_RAW(sched_waking, sched_waking, waking(ctx, ctx, BPF_CORE_READ(p, pid)),
	   struct task_struct *p)

SEC("tracepoint/sched/sched_switch")
int sched_switch__tp(struct trace_event_raw_sched_switch *ctx)
{
	switch_out(ctx, (struct task_struct *)bpf_get_current_task());
	cs_switch_in(ctx->next_pid);
	return 0;
}

SEC("tracepoint/sched/sched_waking")
int sched_waking__tp(struct trace_event_raw_sched_wakeup_template *ctx)
{
	waking(ctx, NULL, ctx->pid);
	return 0;
}
