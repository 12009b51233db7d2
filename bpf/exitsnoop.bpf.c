/* exitsnoop: one record per process exit (per thread exit with -T).
 *
 * sched_process_exit fires in do_exit() of the exiting task itself, after
 * task->exit_code is set, so `current` is the task and the body needs no
 * tracepoint arguments: every flavour is the same one-line wrapper. */
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "exitsnoop.h"

const volatile __u32 trace_threads = 0; /* -T: every thread, not only the leader */
const volatile __u32 failed_only = 0;   /* -x: only non-zero exit codes */

CS_SCRATCH(struct exitsnoop_event)

static __always_inline int on_exit(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 pid = id >> 32, tid = (__u32)id;
	struct task_struct *task;
	struct exitsnoop_event *e;
	__u32 code;

	/* A process ends when its leader exits (like libbpf-tools). */
	if (!trace_threads && pid != tid)
		return 0;
	if (!cs_current_wanted())
		return 0;
	task = (struct task_struct *)bpf_get_current_task();
	code = BPF_CORE_READ(task, exit_code);
	if (failed_only && code == 0)
		return 0;
	e = cs_scratch_get();
	if (!e)
		return 0;
	e->start_ns = BPF_CORE_READ(task, start_time);
	e->exit_ns = bpf_ktime_get_ns();
	e->pid = pid;
	e->tid = tid;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->exit_code = code;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	cs_submit(ctx, e, sizeof(*e));
	return 0;
}

CS_BTF_RAW(sched_process_exit, sched_process_exit, on_exit(ctx))

SEC("tracepoint/sched/sched_process_exit")
int sched_process_exit__tp(void *ctx)
{
	return on_exit(ctx);
}
