/* Base header for every corescope BPF program: kernel types, libbpf helpers
 * and the common read-only knobs.  The frontend library sets the knobs by
 * name before load (common/bpf_object.cpp), so their names must not change. */
#pragma once
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "flavours.bpf.h"
#include "id_set.h"

/* Common filters: 0 (or (u32)-1 for the uid) means "no filter". */
const volatile __u32 cs_filter_tgid = 0;
const volatile __u32 cs_filter_tid = 0;
const volatile __u32 cs_filter_uid = (__u32)-1;
const volatile __u32 cs_filter_cgroup = 0;
/* -p or -t with several ids: which of them cs_id_set holds (CS_ID_* bits). */
const volatile __u32 cs_filter_id_set = 0;

/* A set of 8-byte keys for a filter, one entry while unused: the frontend
 * resizes it or puts a pinned map in its place before load. */
#define CS_FILTER_SET(name, value_type)                  \
	struct {                                        \
		__uint(type, BPF_MAP_TYPE_HASH);        \
		__uint(max_entries, 1);                 \
		__type(key, __u64);                     \
		__type(value, value_type);              \
	} name SEC(".maps")

/* Keys (kind << 32 | id), filled after load. */
CS_FILTER_SET(cs_id_set, __u8);

static __always_inline bool cs_id_listed(__u32 kind, __u32 id)
{
	__u64 key = ((__u64)kind << 32) | id;

	return bpf_map_lookup_elem(&cs_id_set, &key) != NULL;
}

/* Whether -p (CS_ID_TGID) or -t (CS_ID_TID) filters at all: `one` is its
 * scalar knob. */
static __always_inline bool cs_id_filtered(__u32 kind, __u32 one)
{
	return one || (cs_filter_id_set & kind);
}

/* True when the id passes a -p/-t filter of this kind (scalar or list). */
static __always_inline bool cs_id_wanted(__u32 kind, __u32 one, __u32 id)
{
	if (one)
		return id == one;
	return !(cs_filter_id_set & kind) || cs_id_listed(kind, id);
}

/* bcc's container filters: maps pinned by other tooling replace these
 * (bpf_map__reuse_fd) when --cgroupmap / --mntnsmap name them.  Keys: the
 * cgroup id of bpf_get_current_cgroup_id(), the mount namespace's inode. */
const volatile __u32 cs_filter_cgroupmap = 0;
const volatile __u32 cs_filter_mntnsmap = 0;

CS_FILTER_SET(cs_cgroupmap, __u64);
CS_FILTER_SET(cs_mntnsmap, __u32);

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

	if (!cs_id_wanted(CS_ID_TGID, cs_filter_tgid, id >> 32) ||
	    !cs_id_wanted(CS_ID_TID, cs_filter_tid, (__u32)id))
		return false;
	if (cs_filter_uid != (__u32)-1 && (__u32)bpf_get_current_uid_gid() != cs_filter_uid)
		return false;
	if (cs_filter_cgroup && !bpf_current_task_under_cgroup(&cs_cgroup_map, 0))
		return false;
	if (cs_filter_cgroupmap) {
		__u64 cg = bpf_get_current_cgroup_id();

		if (!bpf_map_lookup_elem(&cs_cgroupmap, &cg))
			return false;
	}
	if (cs_filter_mntnsmap) {
		struct task_struct *task = (struct task_struct *)bpf_get_current_task();
		__u64 ns = BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum);

		if (!bpf_map_lookup_elem(&cs_mntnsmap, &ns))
			return false;
	}
	return true;
}

/* Same filters for a task that is not current (scheduler hooks). */
static __always_inline bool cs_task_wanted(struct task_struct *t)
{
	/* Read the task's ids only when a filter needs them. */
	if (cs_id_filtered(CS_ID_TGID, cs_filter_tgid) &&
	    !cs_id_wanted(CS_ID_TGID, cs_filter_tgid, BPF_CORE_READ(t, tgid)))
		return false;
	if (cs_id_filtered(CS_ID_TID, cs_filter_tid) &&
	    !cs_id_wanted(CS_ID_TID, cs_filter_tid, BPF_CORE_READ(t, pid)))
		return false;
	if (cs_filter_uid != (__u32)-1 && BPF_CORE_READ(t, cred, uid.val) != cs_filter_uid)
		return false;
	return true;
}

char LICENSE[] SEC("license") = "GPL";
