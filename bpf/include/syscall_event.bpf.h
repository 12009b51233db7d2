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
 * The programs, one per flavour, are syscall_hooks.bpf.h's: one hook per
 * side for the whole family, by syscall number.  32-bit callers are left
 * out. */
#pragma once
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "maps.bpf.h"
#include "syscall_event.h"
#include "syscall_hooks.bpf.h"

const volatile __u32 failed_only = 0;

struct cs_syscall_entry {
	__u64 ts_ns;
	__u64 args[CS_SYSCALL_ARGS];
	long nr;
};

CS_THREAD_MAP(cs_syscall_pending, struct cs_syscall_entry, 10240);
CS_SCRATCH(struct cs_syscall_event)

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

static __always_inline bool cs_sys_wanted(long nr)
{
	return cs_syscall_wanted(nr);
}

static __always_inline void cs_sys_enter(long nr, const __u64 *args)
{
	cs_syscall_enter(nr, args);
}

static __always_inline void cs_sys_exit(void *ctx, long nr, long ret)
{
	cs_syscall_exit(ctx, nr, ret);
}
