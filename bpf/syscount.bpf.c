/* syscount: count syscalls (and sum their latency) per syscall or per process.
 *
 * Every flavour hooks the generic syscall entry and exit points: tp_btf and
 * raw_tp on sys_enter/sys_exit, or the raw_syscalls tracepoints.  The entry
 * hook is needed only for -L (the frontend leaves it unloaded otherwise).
 * Totals live in a hash map the frontend drains each interval. */
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "syscount.h"

const volatile __u32 by_process = 0;      /* -P: key by process, not syscall */
const volatile __u32 measure_latency = 0; /* -L */
const volatile __u32 failed_only = 0;     /* -x */
const volatile __s32 filter_errno = 0;    /* -e: only this error (positive) */
const volatile __s32 filter_syscall = -1; /* --syscall: only this number */

/* Entry time per thread, for -L.  LRU: threads that never return from a
 * syscall (exit, exit_group) must not fill it up. */
CS_THREAD_MAP(start, __u64, SYSCOUNT_MAX_ENTRIES);

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SYSCOUNT_MAX_ENTRIES);
	__type(key, __u32);
	__type(value, struct syscount_val);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} counts SEC(".maps");

static __always_inline int on_enter(long nr)
{
	__u32 tid;

	if (filter_syscall >= 0 && nr != filter_syscall)
		return 0;
	if (!cs_current_wanted())
		return 0;
	tid = (__u32)bpf_get_current_pid_tgid();
	cs_start_set(&start, &tid, bpf_ktime_get_ns());
	return 0;
}

static __always_inline int on_exit(long nr, long ret)
{
	static const struct syscount_val zero;
	struct syscount_val *val;
	__u64 id, delta = 0;
	__u32 tid, key;

	if (nr < 0) /* not a syscall (orig_ax is -1) */
		return 0;
	if (filter_syscall >= 0 && nr != filter_syscall)
		return 0;
	if (!cs_current_wanted())
		return 0;
	id = bpf_get_current_pid_tgid();
	tid = (__u32)id;
	if (measure_latency) {
		if (!cs_start_take(&start, &tid, bpf_ktime_get_ns(), &delta))
			return 0; /* entered before we attached */
	}
	if (failed_only && ret >= 0)
		return 0;
	if (filter_errno && ret != -filter_errno)
		return 0;

	key = by_process ? (__u32)(id >> 32) : (__u32)nr;
	val = cs_lookup_or_init(&counts, &key, &zero);
	if (!val)
		return 0; /* map full */
	__sync_fetch_and_add(&val->count, 1);
	if (measure_latency)
		__sync_fetch_and_add(&val->total_ns, delta);
	if (by_process) {
		/* Every time: exec can rename the process. */
		struct task_struct *task = (struct task_struct *)bpf_get_current_task();

		BPF_CORE_READ_STR_INTO(&val->comm, task, group_leader, comm);
	}
	return 0;
}

/* --- tp_btf / raw_tp */

CS_BTF_RAW(sys_enter, sys_enter, on_enter(id), struct pt_regs *regs, long id)

CS_BTF_RAW(sys_exit, sys_exit, on_exit(BPF_CORE_READ(regs, orig_ax), ret),
	   struct pt_regs *regs, long ret)

/* --- tracepoint */

SEC("tracepoint/raw_syscalls/sys_enter")
int sys_enter__tp(struct trace_event_raw_sys_enter *ctx)
{
	return on_enter(ctx->id);
}

SEC("tracepoint/raw_syscalls/sys_exit")
int sys_exit__tp(struct trace_event_raw_sys_exit *ctx)
{
	return on_exit(ctx->id, ctx->ret);
}
