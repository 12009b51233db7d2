/* CO-RE helpers for scheduler hooks (sched_switch, sched_wakeup, ...), where
 * the task of interest is usually not `current`, so the bpf_get_current_*()
 * helpers and bpf_current_task_under_cgroup() do not apply.
 *
 *   cs_task_state(t)        run state, from task->__state (5.14+) or ->state
 *   cs_task_pidns(t)        inode number of the task's active PID namespace
 *   cs_task_in_cgroup(t)    is t in the -c cgroup (v2) or below it?
 *   cs_sched_task_wanted(t) the common filters (pid, tid, uid, cgroup) for t
 *   CS_SCHED_SWITCH(stmt)   sched_switch__btf/__raw running stmt (preempt, prev, next)
 *
 * The frontend sets cs_filter_cgroup_id to the cgroup's id (the inode number
 * of its cgroup2 directory) together with the common -c knobs. */
#pragma once
#include "corescope.bpf.h"

#ifndef TASK_RUNNING
#define TASK_RUNNING 0
#endif

/* Bit the sched_switch tracepoint sets in prev_state when prev was
 * preempted (TASK_REPORT_MAX, 0x100 since Linux 4.14). */
#define CS_TP_PREEMPTED 0x100

/* prev_state was appended as a fourth argument in 5.18; the first three
 * are the same on every kernel. */
#define CS_SCHED_SWITCH(stmt) \
	CS_BTF_RAW(sched_switch, sched_switch, stmt, bool preempt, struct task_struct *prev, \
		   struct task_struct *next)

/* Nested cgroups deeper than this below the root are not recognised. */
#define CS_CGROUP_MAX_DEPTH 32

const volatile __u64 cs_filter_cgroup_id = 0;

/* task_struct before 5.14 named its run state `state`, a long. */
struct task_struct___pre_5_14 {
	long state;
} __attribute__((preserve_access_index));

static __always_inline __u32 cs_task_state(struct task_struct *t)
{
	struct task_struct___pre_5_14 *old;

	if (bpf_core_field_exists(t->__state))
		return BPF_CORE_READ(t, __state);
	old = (void *)t;
	return (__u32)BPF_CORE_READ(old, state);
}

/* task_active_pid_ns(): t->thread_pid->numbers[level].ns, the namespace the
 * task was created in (not nsproxy->pid_ns_for_children, which setns() and
 * unshare() change for future children only). */
static __always_inline __u32 cs_task_pidns(struct task_struct *t)
{
	struct pid *pid = BPF_CORE_READ(t, thread_pid);
	unsigned int level;
	struct upid *up;

	if (!pid)
		return 0;
	level = BPF_CORE_READ(pid, level);
	up = &pid->numbers[level];
	return BPF_CORE_READ(up, ns, ns.inum);
}

/* Walks from the task's cgroup (default hierarchy) towards the root, as
 * bpf_current_task_under_cgroup() does for current. */
static __always_inline bool cs_task_in_cgroup(struct task_struct *t, __u64 id)
{
	struct cgroup *cg = BPF_CORE_READ(t, cgroups, dfl_cgrp);

	for (int i = 0; i < CS_CGROUP_MAX_DEPTH && cg; i++) {
		if (BPF_CORE_READ(cg, kn, id) == id)
			return true;
		cg = BPF_CORE_READ(cg, self.parent, cgroup);
	}
	return false;
}

/* The common filters for a task that need not be current. */
static __always_inline bool cs_sched_task_wanted(struct task_struct *t)
{
	if (!cs_task_wanted(t))
		return false;
	if (cs_filter_cgroup_id && !cs_task_in_cgroup(t, cs_filter_cgroup_id))
		return false;
	return true;
}
