/* sigsnoop: signals as the kernel generates them (signal_generate), or, with
 * -k (and as killsnoop), the kill-family system calls and their results.
 *
 * The frontend keeps one of the two program sets: every flavour holds both,
 * so the flavour choice is the same in either mode. */
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "sigsnoop.h"

const volatile __u64 target_signals = 0; /* bit sig-1 for each -s signal; 0: all */
const volatile __u32 failed_only = 0;    /* -x */
const volatile __u32 kill_syscalls = 0;  /* SIGSNOOP_WANT() bits, for the sys_exit flavours */
const volatile __s32 target_pid = 0;     /* -T: signals sent to this PID (or TID) only */

CS_SCRATCH(struct sigsnoop_event)

/* Syscall arguments saved at entry, for the tracepoint flavour of -k. */
struct kill_args {
	__s32 tpid;
	__s32 sig;
	__u32 source;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct kill_args);
} pending SEC(".maps");

static __always_inline bool signal_wanted(int sig)
{
	if (!target_signals)
		return true;
	if (sig < 1 || sig > 64)
		return false;
	return target_signals & (1ULL << (sig - 1));
}

static __always_inline struct sigsnoop_event *start(int sig, int tpid, int ret, __u32 source)
{
	struct sigsnoop_event *e;
	__u64 id;

	if (!signal_wanted(sig) || (target_pid && tpid != target_pid) || !cs_current_wanted())
		return NULL;
	e = cs_scratch_get();
	if (!e)
		return NULL;
	id = bpf_get_current_pid_tgid();
	e->ts_ns = bpf_ktime_get_ns();
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->tpid = tpid;
	e->sig = sig;
	e->ret = ret;
	e->source = source;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	e->tcomm[0] = 0;
	return e;
}

/* --- signal_generate: result 0 is TRACE_SIGNAL_DELIVERED; -x keeps the rest
 * (ignored, already pending, queue overflow, info lost). */

static __always_inline int on_generate(void *ctx, int sig, struct task_struct *task, int result)
{
	struct sigsnoop_event *e;

	if (failed_only && result == 0)
		return 0;
	e = start(sig, BPF_CORE_READ(task, pid), result, SIGSNOOP_GENERATE);
	if (!e)
		return 0;
	bpf_probe_read_kernel_str(e->tcomm, sizeof(e->tcomm), &task->comm);
	cs_submit(ctx, e, sizeof(*e));
	return 0;
}

CS_BTF_RAW(signal_generate, signal_generate, on_generate(ctx, sig, task, result),
	   int sig, struct kernel_siginfo *info, struct task_struct *task, int group, int result)

SEC("tracepoint/signal/signal_generate")
int signal_generate__tp(struct trace_event_raw_signal_generate *ctx)
{
	struct sigsnoop_event *e;

	if (failed_only && ctx->result == 0)
		return 0;
	e = start(ctx->sig, ctx->pid, ctx->result, SIGSNOOP_GENERATE);
	if (!e)
		return 0;
	bpf_probe_read_kernel_str(e->tcomm, sizeof(e->tcomm), ctx->comm);
	cs_submit(ctx, e, sizeof(*e));
	return 0;
}

/* --- kill(2), tkill(2), tgkill(2): reported when they return. */

static __always_inline int on_kill_return(void *ctx, int tpid, int sig, long ret, __u32 source)
{
	struct sigsnoop_event *e;

	if (failed_only && ret >= 0)
		return 0;
	e = start(sig, tpid, ret, source);
	if (e)
		cs_submit(ctx, e, sizeof(*e));
	return 0;
}

/* x86-64 syscall numbers. */
#define NR_kill 62
#define NR_tkill 200
#define NR_tgkill 234

/* At syscall exit the saved user registers still hold the arguments. */
static __always_inline int on_sys_exit(void *ctx, struct pt_regs *regs, long ret)
{
	long nr = BPF_CORE_READ(regs, orig_ax);

	if (nr == NR_kill && (kill_syscalls & SIGSNOOP_WANT(SIGSNOOP_KILL)))
		return on_kill_return(ctx, BPF_CORE_READ(regs, di), BPF_CORE_READ(regs, si), ret,
				      SIGSNOOP_KILL);
	if (nr == NR_tkill && (kill_syscalls & SIGSNOOP_WANT(SIGSNOOP_TKILL)))
		return on_kill_return(ctx, BPF_CORE_READ(regs, di), BPF_CORE_READ(regs, si), ret,
				      SIGSNOOP_TKILL);
	if (nr == NR_tgkill && (kill_syscalls & SIGSNOOP_WANT(SIGSNOOP_TGKILL)))
		return on_kill_return(ctx, BPF_CORE_READ(regs, si), BPF_CORE_READ(regs, dx), ret,
				      SIGSNOOP_TGKILL);
	return 0;
}

CS_BTF_RAW(sys_exit, sys_exit, on_sys_exit(ctx, regs, ret), struct pt_regs *regs, long ret)

static __always_inline int save_args(long tpid, long sig, __u32 source)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct kill_args a = {.tpid = tpid, .sig = sig, .source = source};

	bpf_map_update_elem(&pending, &tid, &a, BPF_ANY);
	return 0;
}

static __always_inline int finish(void *ctx, long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct kill_args *a = bpf_map_lookup_elem(&pending, &tid);
	struct kill_args copy;

	if (!a)
		return 0;
	copy = *a;
	bpf_map_delete_elem(&pending, &tid);
	return on_kill_return(ctx, copy.tpid, copy.sig, ret, copy.source);
}

SEC("tracepoint/syscalls/sys_enter_kill")
int kill_enter__tp(struct trace_event_raw_sys_enter *ctx)
{
	return save_args(ctx->args[0], ctx->args[1], SIGSNOOP_KILL);
}

SEC("tracepoint/syscalls/sys_exit_kill")
int kill_exit__tp(struct trace_event_raw_sys_exit *ctx)
{
	return finish(ctx, ctx->ret);
}

SEC("tracepoint/syscalls/sys_enter_tkill")
int tkill_enter__tp(struct trace_event_raw_sys_enter *ctx)
{
	return save_args(ctx->args[0], ctx->args[1], SIGSNOOP_TKILL);
}

SEC("tracepoint/syscalls/sys_exit_tkill")
int tkill_exit__tp(struct trace_event_raw_sys_exit *ctx)
{
	return finish(ctx, ctx->ret);
}

SEC("tracepoint/syscalls/sys_enter_tgkill")
int tgkill_enter__tp(struct trace_event_raw_sys_enter *ctx)
{
	return save_args(ctx->args[1], ctx->args[2], SIGSNOOP_TGKILL);
}

SEC("tracepoint/syscalls/sys_exit_tgkill")
int tgkill_exit__tp(struct trace_event_raw_sys_exit *ctx)
{
	return finish(ctx, ctx->ret);
}
