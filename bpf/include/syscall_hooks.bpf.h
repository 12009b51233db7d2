/* The syscall entry and exit hooks of every flavour, for tools that watch a
 * family of syscalls by number (the syscall_event.bpf.h tools, filelife,
 * vfsstat): one hook per side for the whole family, so a syscall the kernel
 * lacks is simply never seen (no per-syscall tracepoint has to exist).
 *
 * The tool defines (before or after including this header):
 *   static __always_inline bool cs_syscall_wanted(long nr);
 *   static __always_inline void cs_syscall_enter(long nr, const __u64 *args);
 *   static __always_inline void cs_syscall_exit(void *ctx, long nr, long ret);
 * the last two run only for a wanted nr.
 *
 * Flavours: tp_btf and raw_tp on sys_enter/sys_exit, or the raw_syscalls
 * tracepoints.  32-bit callers are the tool's to leave out
 * (cs_syscall_compat()): their numbers and registers differ. */
#pragma once
#include "corescope.bpf.h"

#define CS_TS_COMPAT 0x0002 /* thread_info.status: a 32-bit syscall */
#define CS_SYSCALL_ARGS_MAX 6

/* The tool's part, defined after this header (or before it). */
static __always_inline bool cs_syscall_wanted(long nr);
static __always_inline void cs_syscall_enter(long nr, const __u64 *args);
static __always_inline void cs_syscall_exit(void *ctx, long nr, long ret);

static __always_inline bool cs_syscall_compat(void)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	return BPF_CORE_READ(task, thread_info.status) & CS_TS_COMPAT;
}

/* The arguments from the caller's saved registers (x86-64 order). */
static __always_inline void cs_syscall_enter_regs(struct pt_regs *regs, long nr)
{
	__u64 a[CS_SYSCALL_ARGS_MAX];

	if (!cs_syscall_wanted(nr))
		return;
	a[0] = BPF_CORE_READ(regs, di);
	a[1] = BPF_CORE_READ(regs, si);
	a[2] = BPF_CORE_READ(regs, dx);
	a[3] = BPF_CORE_READ(regs, r10);
	a[4] = BPF_CORE_READ(regs, r8);
	a[5] = BPF_CORE_READ(regs, r9);
	cs_syscall_enter(nr, a);
}

static __always_inline void cs_syscall_exit_regs(void *ctx, struct pt_regs *regs, long ret)
{
	long nr = BPF_CORE_READ(regs, orig_ax);

	if (cs_syscall_wanted(nr))
		cs_syscall_exit(ctx, nr, ret);
}

CS_BTF_RAW(sys_enter, sys_enter, cs_syscall_enter_regs(regs, id), struct pt_regs *regs, long id)

CS_BTF_RAW(sys_exit, sys_exit, cs_syscall_exit_regs(ctx, regs, ret), struct pt_regs *regs, long ret)

SEC("tracepoint/raw_syscalls/sys_enter")
int sys_enter__tp(struct trace_event_raw_sys_enter *ctx)
{
	__u64 a[CS_SYSCALL_ARGS_MAX];

	if (!cs_syscall_wanted(ctx->id))
		return 0;
	/* One constant offset each: the verifier refuses a moved ctx pointer. */
	a[0] = ctx->args[0];
	a[1] = ctx->args[1];
	a[2] = ctx->args[2];
	a[3] = ctx->args[3];
	a[4] = ctx->args[4];
	a[5] = ctx->args[5];
	cs_syscall_enter(ctx->id, a);
	return 0;
}

SEC("tracepoint/raw_syscalls/sys_exit")
int sys_exit__tp(struct trace_event_raw_sys_exit *ctx)
{
	if (cs_syscall_wanted(ctx->id))
		cs_syscall_exit(ctx, ctx->id, ctx->ret);
	return 0;
}
