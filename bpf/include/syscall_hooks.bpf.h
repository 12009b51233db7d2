/* The entry and exit programs of a kit that times system calls (the syscall
 * family of syscall_event.bpf.h, the file I/O of file_io.bpf.h), emitted once
 * per flavour: tp_btf and raw_tp on sys_enter/sys_exit, or the raw_syscalls
 * tracepoints.  One hook per side serves every syscall, picked by number, so
 * a syscall the kernel lacks is simply never seen.
 *
 * The includer defines (before or after including this header):
 *   static __always_inline bool cs_sys_wanted(long nr);
 *       cheap: decides before any argument is read
 *   static __always_inline void cs_sys_enter(long nr, const __u64 *args);
 *       args[CS_SYSCALL_ARGS], x86-64 order
 *   static __always_inline void cs_sys_exit(void *ctx, long nr, long ret);
 */
#pragma once
#include "corescope.bpf.h"
#include "syscall_event.h"

static __always_inline bool cs_sys_wanted(long nr);
static __always_inline void cs_sys_enter(long nr, const __u64 *args);
static __always_inline void cs_sys_exit(void *ctx, long nr, long ret);

#define CS_TS_COMPAT 0x0002 /* thread_info.status: a 32-bit syscall */

/* 32-bit callers: their numbers and registers differ, and the per-syscall
 * tracepoints the peers use skip them too. */
static __always_inline bool cs_syscall_compat(void)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	return BPF_CORE_READ(task, thread_info.status) & CS_TS_COMPAT;
}

/* The arguments from the caller's saved registers. */
static __always_inline void cs_sys_enter_regs(struct pt_regs *regs, long nr)
{
	__u64 a[CS_SYSCALL_ARGS];

	if (!cs_sys_wanted(nr))
		return;
	a[0] = BPF_CORE_READ(regs, di);
	a[1] = BPF_CORE_READ(regs, si);
	a[2] = BPF_CORE_READ(regs, dx);
	a[3] = BPF_CORE_READ(regs, r10);
	a[4] = BPF_CORE_READ(regs, r8);
	a[5] = BPF_CORE_READ(regs, r9);
	cs_sys_enter(nr, a);
}

static __always_inline void cs_sys_exit_checked(void *ctx, long nr, long ret)
{
	if (cs_sys_wanted(nr))
		cs_sys_exit(ctx, nr, ret);
}

CS_BTF_RAW(sys_enter, sys_enter, cs_sys_enter_regs(regs, id), struct pt_regs *regs, long id)

CS_BTF_RAW(sys_exit, sys_exit, cs_sys_exit_checked(ctx, BPF_CORE_READ(regs, orig_ax), ret),
	   struct pt_regs *regs, long ret)

SEC("tracepoint/raw_syscalls/sys_enter")
int sys_enter__tp(struct trace_event_raw_sys_enter *ctx)
{
	__u64 a[CS_SYSCALL_ARGS];

	if (!cs_sys_wanted(ctx->id))
		return 0;
	/* One constant offset each: the verifier refuses a moved ctx pointer. */
	a[0] = ctx->args[0];
	a[1] = ctx->args[1];
	a[2] = ctx->args[2];
	a[3] = ctx->args[3];
	a[4] = ctx->args[4];
	a[5] = ctx->args[5];
	cs_sys_enter(ctx->id, a);
	return 0;
}

SEC("tracepoint/raw_syscalls/sys_exit")
int sys_exit__tp(struct trace_event_raw_sys_exit *ctx)
{
	cs_sys_exit_checked(ctx, ctx->id, ctx->ret);
	return 0;
}
