/* Base header for every corescope BPF program: kernel types, libbpf helpers
 * and the common read-only knobs.  The frontend library sets the knobs by
 * name before load (common/bpf_object.cpp), so their names must not change. */
#pragma once
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

/* Common filters: 0 (or (u32)-1 for the uid) means "no filter". */
const volatile __u32 cs_filter_tgid = 0;
const volatile __u32 cs_filter_tid = 0;
const volatile __u32 cs_filter_uid = (__u32)-1;
const volatile __u32 cs_filter_cgroup = 0;

/* Filled with the fd of the cgroup given by -c/--cgroup. */
struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cs_cgroup_map SEC(".maps");

/* True when the current task passes the common filters. */
static __always_inline bool cs_current_wanted(void)
{
	__u64 id = bpf_get_current_pid_tgid();

	if (cs_filter_tgid && (__u32)(id >> 32) != cs_filter_tgid)
		return false;
	if (cs_filter_tid && (__u32)id != cs_filter_tid)
		return false;
	if (cs_filter_uid != (__u32)-1 && (__u32)bpf_get_current_uid_gid() != cs_filter_uid)
		return false;
	if (cs_filter_cgroup && !bpf_current_task_under_cgroup(&cs_cgroup_map, 0))
		return false;
	return true;
}

/* Same filters for a task that is not current (scheduler hooks). */
static __always_inline bool cs_task_wanted(struct task_struct *t)
{
	if (cs_filter_tgid && BPF_CORE_READ(t, tgid) != cs_filter_tgid)
		return false;
	if (cs_filter_tid && BPF_CORE_READ(t, pid) != cs_filter_tid)
		return false;
	if (cs_filter_uid != (__u32)-1 && BPF_CORE_READ(t, cred, uid.val) != cs_filter_uid)
		return false;
	return true;
}

char LICENSE[] SEC("license") = "GPL";
