/* Event tools on a family of syscalls (statsnoop, syncsnoop, mountsnoop):
 * the entry saves the arguments by thread, the exit sends one
 * cs_syscall_event with the result and the strings the arguments point to.
 *
 * The tool defines, before including this header:
 *   static __always_inline bool cs_syscall_wanted(long nr);
 *   static __always_inline __u32 cs_syscall_strings(long nr, const __u64 *args);
 * the second returns the bits of the arguments to read as user strings (at
 * most four).  The knob failed_only (-x) keeps failed calls only.
 *
 * Flavours: tp_btf and raw_tp on sys_enter/sys_exit, or the raw_syscalls
 * tracepoints: one hook per side for the whole family, by syscall number, so
 * a syscall the kernel lacks is simply never seen (no per-syscall tracepoint
 * has to exist).  32-bit callers are left out: their numbers and registers
 * differ, and the per-syscall tracepoints the peers use skip them too. */
#pragma once
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "maps.bpf.h"
#include "syscall_event.h"

#define CS_TS_COMPAT 0x0002 /* thread_info.status: a 32-bit syscall */

const volatile __u32 failed_only = 0;

struct cs_syscall_entry {
	__u64 ts_ns;
	__u64 args[CS_SYSCALL_ARGS];
	long nr;
};

CS_THREAD_MAP(cs_syscall_pending, struct cs_syscall_entry, 10240);
CS_SCRATCH(struct cs_syscall_event)

static __always_inline bool cs_syscall_compat(void)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	return BPF_CORE_READ(task, thread_info.status) & CS_TS_COMPAT;
}

static __always_inline void cs_syscall_enter(long nr, const __u64 *args)
{
	struct cs_syscall_entry e = {.nr = nr};
	__u32 tid;

	if (!cs_syscall_wanted(nr) || !cs_current_wanted() || cs_syscall_compat())
		return;
	for (int i = 0; i < CS_SYSCALL_ARGS; i++)
		e.args[i] = args[i];
	e.ts_ns = bpf_ktime_get_ns();
	tid = bpf_get_current_pid_tgid();
	bpf_map_update_elem(&cs_syscall_pending, &tid, &e, BPF_ANY);
}

static __always_inline void cs_syscall_exit(void *ctx, long nr, long ret)
{
	struct task_struct *task;
	struct cs_syscall_entry *entry;
	struct cs_syscall_event *e;
	__u32 tid, strings, pos = 0;
	__u64 id;

	if (!cs_syscall_wanted(nr))
		return;
	id = bpf_get_current_pid_tgid();
	tid = id;
	entry = bpf_map_lookup_elem(&cs_syscall_pending, &tid);
	if (!entry)
		return; /* entered before we attached, or filtered out */
	if (entry->nr != nr || (failed_only && ret >= 0) || !(e = cs_scratch_get())) {
		bpf_map_delete_elem(&cs_syscall_pending, &tid);
		return;
	}
	e->ts_ns = bpf_ktime_get_ns();
	e->lat_ns = e->ts_ns - entry->ts_ns;
	for (int i = 0; i < CS_SYSCALL_ARGS; i++)
		e->args[i] = entry->args[i];
	bpf_map_delete_elem(&cs_syscall_pending, &tid);
	e->ret = ret;
	e->nr = nr;
	e->pid = id >> 32;
	e->tid = tid;
	e->uid = bpf_get_current_uid_gid();
	task = (struct task_struct *)bpf_get_current_task();
	e->mnt_ns = BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum);
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	strings = cs_syscall_strings(nr, e->args);
	for (int i = 0; i < CS_SYSCALL_ARGS; i++) {
		long n = 0;

		if ((strings & (1u << i)) && pos < CS_SYSCALL_STRS_END) {
			n = bpf_probe_read_user_str(&e->data[pos & (CS_SYSCALL_STRS_END - 1)],
						    CS_SYSCALL_STR_MAX, (const void *)e->args[i]);
			if (n < 0)
				n = 0;
		}
		e->str_size[i] = n;
		pos += n;
	}
	if (pos > CS_SYSCALL_DATA_SIZE)
		pos = CS_SYSCALL_DATA_SIZE;
	cs_submit(ctx, e, __builtin_offsetof(struct cs_syscall_event, data) + pos);
}

/* The arguments from the caller's saved registers (x86-64 order). */
static __always_inline void cs_syscall_enter_regs(struct pt_regs *regs, long nr)
{
	__u64 a[CS_SYSCALL_ARGS];

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

CS_BTF_RAW(sys_enter, sys_enter, cs_syscall_enter_regs(regs, id), struct pt_regs *regs, long id)

CS_BTF_RAW(sys_exit, sys_exit, cs_syscall_exit(ctx, BPF_CORE_READ(regs, orig_ax), ret),
	   struct pt_regs *regs, long ret)

SEC("tracepoint/raw_syscalls/sys_enter")
int sys_enter__tp(struct trace_event_raw_sys_enter *ctx)
{
	__u64 a[CS_SYSCALL_ARGS];

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
	cs_syscall_exit(ctx, ctx->id, ctx->ret);
	return 0;
}
