/* offcputime: time threads spend off-CPU, summed in the kernel by
 * {thread, kernel stack, user stack, comm}.
 *
 * At sched_switch the task leaving the CPU (prev) is still `current`, so its
 * stacks are taken there and parked with the time in `start`; when the same
 * thread is switched in again, the time it was away is added to its key.
 * The tracepoint flavour sees only pids, but that is all it needs: prev is
 * current and next is looked up by its pid. */
#include "corescope.bpf.h"
#include "stack_counts.bpf.h"
#include "offcputime.h"

/* Thread id -> when it left the CPU, with its stacks. */
CS_OFFCPU_MAPS(struct offcputime_key, OFFCPU_MAX_THREADS, OFFCPU_MAX_STACK_DEPTH,
	       OFFCPU_STACK_STORAGE, OFFCPU_MIN_COUNTS)

/* prev (== current) leaves the CPU. */
static __always_inline void switch_out(void *ctx, struct task_struct *prev)
{
	struct start_val v = {};
	bool kthread;

	v.key.tid = BPF_CORE_READ(prev, pid);
	if (!v.key.tid) /* the idle task of a CPU */
		return;
	if (!cs_thread_wanted(prev))
		return;
	kthread = cs_is_kthread(prev);
	v.key.pid = BPF_CORE_READ(prev, tgid);
	bpf_get_current_comm(&v.key.comm, sizeof(v.key.comm));
	v.key.kern_stack_id = cs_kernel_stackid(ctx, &stackmap);
	v.key.user_stack_id = cs_user_stackid(ctx, &stackmap, kthread);
	v.ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &v.key.tid, &v, BPF_ANY);
}

static __always_inline int on_switch(void *ctx, struct task_struct *prev, struct task_struct *next)
{
	switch_out(ctx, prev);
	cs_switch_in(BPF_CORE_READ(next, pid));
	return 0;
}

CS_SCHED_SWITCH(on_switch(ctx, prev, next))

SEC("tracepoint/sched/sched_switch")
int sched_switch__tp(struct trace_event_raw_sched_switch *ctx)
{
	switch_out(ctx, (struct task_struct *)bpf_get_current_task());
	cs_switch_in(ctx->next_pid);
	return 0;
}
