/* execsnoop: one record per exec(), taken when the syscall returns.
 *
 * A successful exec has replaced the caller's memory, so its arguments are
 * read in one copy from the new image's argument area (mm->arg_start ..
 * arg_end, NUL-separated as the kernel wrote them).  A failed exec still has
 * the old memory, so argv[] is walked pointer by pointer.  Every flavour but
 * the tracepoint one needs a single hook at syscall return. */
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "execsnoop.h"

const volatile __u32 include_failed = 0;
const volatile __u32 max_args = 20;
const volatile __u32 filter_ppid = 0;

CS_SCRATCH(struct execsnoop_event)

/* argv pointer saved at entry, for the tracepoint flavour. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} pending_argv SEC(".maps");

static __always_inline __u32 copy_argv(struct execsnoop_event *e, const char *const *argv)
{
	__u32 off = 0;

	for (int i = 0; i < EXECSNOOP_MAX_ARGS; i++) {
		const char *arg = NULL;
		long n;

		if (i >= max_args) {
			e->args_truncated = 1;
			break;
		}
		if (bpf_probe_read_user(&arg, sizeof(arg), &argv[i]) || !arg)
			break;
		if (off > EXECSNOOP_ARGS_SIZE - EXECSNOOP_ARG_LEN) {
			e->args_truncated = 1;
			break;
		}
		n = bpf_probe_read_user_str(&e->args[off], EXECSNOOP_ARG_LEN, arg);
		if (n <= 0)
			break;
		off += n;
	}
	return off;
}

static __always_inline __u32 copy_arg_area(struct execsnoop_event *e, struct task_struct *task)
{
	unsigned long start = BPF_CORE_READ(task, mm, arg_start);
	unsigned long end = BPF_CORE_READ(task, mm, arg_end);
	__u64 len = end - start;

	if (end <= start)
		return 0;
	if (len > EXECSNOOP_ARGS_SIZE) {
		len = EXECSNOOP_ARGS_SIZE;
		e->args_truncated = 1;
	}
	if (bpf_probe_read_user(e->args, len, (void *)start))
		return 0;
	return len;
}

static __always_inline int on_exec_return(void *ctx, long ret, const char *const *argv)
{
	struct task_struct *task;
	struct execsnoop_event *e;
	__u32 size;

	if (ret < 0 && !include_failed)
		return 0;
	if (!cs_current_wanted())
		return 0;
	task = (struct task_struct *)bpf_get_current_task();
	if (filter_ppid && BPF_CORE_READ(task, real_parent, tgid) != filter_ppid)
		return 0;
	e = cs_scratch_get();
	if (!e)
		return 0;
	e->ts_ns = bpf_ktime_get_ns();
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->uid = bpf_get_current_uid_gid();
	e->retval = ret;
	e->args_truncated = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	size = ret == 0 ? copy_arg_area(e, task) : copy_argv(e, argv);
	e->args_size = size;
	size += __builtin_offsetof(struct execsnoop_event, args);
	if (size > sizeof(*e))
		size = sizeof(*e);
	cs_submit(ctx, e, size);
	return 0;
}

/* x86-64 syscall numbers, for the flavours that see every syscall. */
#define NR_execve 59
#define NR_execveat 322

static __always_inline const char *const *argv_of(const struct pt_regs *regs, long nr)
{
	return (const char *const *)(nr == NR_execve ? BPF_CORE_READ(regs, si)
						     : BPF_CORE_READ(regs, dx));
}

/* --- fentry: one fexit per syscall sees the saved registers and the result. */

SEC("fexit/__x64_sys_execve")
int BPF_PROG(execve__fexit, const struct pt_regs *regs, long ret)
{
	return on_exec_return(ctx, ret, argv_of(regs, NR_execve));
}

SEC("fexit/__x64_sys_execveat")
int BPF_PROG(execveat__fexit, const struct pt_regs *regs, long ret)
{
	return on_exec_return(ctx, ret, argv_of(regs, NR_execveat));
}

/* --- tp_btf / raw_tp: the generic syscall-exit hook.  A failed exec still
 * has argv in the saved user registers; a successful one is read from mm. */

static __always_inline int on_sys_exit(void *ctx, const struct pt_regs *regs, long ret)
{
	long nr = BPF_CORE_READ(regs, orig_ax);

	if (nr != NR_execve && nr != NR_execveat)
		return 0;
	return on_exec_return(ctx, ret, argv_of(regs, nr));
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit__btf, const struct pt_regs *regs, long ret)
{
	return on_sys_exit(ctx, regs, ret);
}

SEC("raw_tp/sys_exit")
int BPF_PROG(sys_exit__raw, const struct pt_regs *regs, long ret)
{
	return on_sys_exit(ctx, regs, ret);
}

/* --- tracepoint: entry saves argv (keyed by process: a thread that execs
 * becomes the leader), exit reports. */

static __always_inline int save_argv(__u64 argv)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	bpf_map_update_elem(&pending_argv, &tgid, &argv, BPF_ANY);
	return 0;
}

static __always_inline int finish(void *ctx, long ret)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	__u64 *p = bpf_map_lookup_elem(&pending_argv, &tgid);
	const char *const *argv;

	if (!p)
		return 0;
	argv = (const char *const *)*p;
	bpf_map_delete_elem(&pending_argv, &tgid);
	return on_exec_return(ctx, ret, argv);
}

SEC("tracepoint/syscalls/sys_enter_execve")
int execve_enter__tp(struct trace_event_raw_sys_enter *ctx)
{
	return save_argv(ctx->args[1]);
}

SEC("tracepoint/syscalls/sys_enter_execveat")
int execveat_enter__tp(struct trace_event_raw_sys_enter *ctx)
{
	return save_argv(ctx->args[2]);
}

SEC("tracepoint/syscalls/sys_exit_execve")
int execve_exit__tp(struct trace_event_raw_sys_exit *ctx)
{
	return finish(ctx, ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_execveat")
int execveat_exit__tp(struct trace_event_raw_sys_exit *ctx)
{
	return finish(ctx, ctx->ret);
}
