/* capable: one record per security capability check (cap_capable()).
 *
 * cap_capable(cred, target_ns, cap, opts) is the hook of every flavour but
 * the tracepoint ones: fexit sees the arguments and the result at once,
 * kprobes save them at entry for the kretprobe.  Linux 6.14 added the
 * capability:cap_capable tracepoint (cred, target_ns, capable_ns, cap, ret),
 * which works without trampolines or kprobes but does not carry `opts`, so
 * AUDIT and INSETID are unknown (-1) there.
 *
 * Stacks (-K, -U) travel inside the record (bpf_get_stack), so they cannot
 * be lost to hash collisions in a stack map or overwritten before printing. */
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "capable.h"

const volatile __u32 self_tgid = 0;    /* the tool's own checks are not reported */
const volatile __u32 unique_mode = CAPABLE_UNIQUE_OFF;
const volatile __u32 kernel_stack = 0; /* -K */
const volatile __u32 user_stack = 0;   /* -U */
const volatile __u32 max_depth = CAPABLE_MAX_DEPTH; /* --perf-max-stack-depth */
const volatile __u32 include_noaudit = 0; /* -v: the non-audit checks too */

/* cap_capable()'s opts bits (include/linux/security.h, Linux 5.1+). */
#define CAP_OPT_NOAUDIT (1 << 1)
#define CAP_OPT_INSETID (1 << 2)

CS_SCRATCH(struct capable_event)

struct unique_key {
	__s32 cap;
	__u32 tgid;
	__u64 cgroup;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct unique_key);
	__type(value, __u8);
} seen SEC(".maps");

struct entry_args {
	__s32 cap;
	__u32 opts;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct entry_args);
} pending SEC(".maps");

static __always_inline bool wanted(void)
{
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) == self_tgid)
		return false;
	return cs_current_wanted();
}

/* audit / insetid: 1 or 0 from opts, or -1 when the hook cannot see opts. */
static __always_inline int report(void *ctx, int cap, int ret, int audit, int insetid)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 depth = max_depth, size;
	struct capable_event *e;

	/* As both peers: checks made with CAP_OPT_NOAUDIT only with -v. */
	if (audit == 0 && !include_noaudit)
		return 0;

	if (unique_mode != CAPABLE_UNIQUE_OFF) {
		struct unique_key key = {.cap = cap};
		__u8 one = 1;

		if (unique_mode == CAPABLE_UNIQUE_CGROUP)
			key.cgroup = bpf_get_current_cgroup_id();
		else
			key.tgid = id >> 32;
		if (bpf_map_lookup_elem(&seen, &key))
			return 0;
		bpf_map_update_elem(&seen, &key, &one, BPF_ANY);
	}
	e = cs_scratch_get();
	if (!e)
		return 0;
	e->ts_ns = bpf_ktime_get_ns();
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->cap = cap;
	e->ret = ret;
	e->audit = audit;
	e->insetid = insetid;
	e->kstack_size = 0;
	e->ustack_size = 0;
	e->pad = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	if (depth > CAPABLE_MAX_DEPTH)
		depth = CAPABLE_MAX_DEPTH;
	size = __builtin_offsetof(struct capable_event, kstack);
	if (kernel_stack) {
		e->kstack_size = bpf_get_stack(ctx, e->kstack, depth * sizeof(__u64), 0);
		size = __builtin_offsetof(struct capable_event, ustack);
	}
	if (user_stack) {
		e->ustack_size = bpf_get_stack(ctx, e->ustack, depth * sizeof(__u64), BPF_F_USER_STACK);
		size = sizeof(*e);
	}
	cs_submit(ctx, e, size);
	return 0;
}

static __always_inline int report_opts(void *ctx, int cap, int ret, unsigned int opts)
{
	return report(ctx, cap, ret, !(opts & CAP_OPT_NOAUDIT), !!(opts & CAP_OPT_INSETID));
}

/* --- fentry tier: one fexit program. */

SEC("fexit/cap_capable")
int BPF_PROG(cap_capable__fexit, const struct cred *cred, struct user_namespace *ns, int cap,
	     unsigned int opts, int ret)
{
	if (!wanted())
		return 0;
	return report_opts(ctx, cap, ret, opts);
}

/* --- the capability:cap_capable tracepoint (Linux 6.14+). */

CS_BTF_RAW(cap_capable, cap_capable, if (wanted()) report(ctx, cap, ret, -1, -1),
	   const struct cred *cred, struct user_namespace *target_ns,
	   const struct user_namespace *capable_ns, int cap, int ret)

SEC("tracepoint/capability/cap_capable")
int cap_capable__tp(struct trace_event_raw_cap_capable *ctx)
{
	if (!wanted())
		return 0;
	return report(ctx, ctx->cap, ctx->ret, -1, -1);
}

/* --- kprobes: arguments saved at entry, reported at return. */

SEC("kprobe/cap_capable")
int BPF_KPROBE(cap_capable__kprobe, const struct cred *cred, struct user_namespace *ns, int cap,
	       unsigned int opts)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct entry_args a = {.cap = cap, .opts = opts};

	if (!wanted())
		return 0;
	bpf_map_update_elem(&pending, &tid, &a, BPF_ANY);
	return 0;
}

SEC("kretprobe/cap_capable")
int BPF_KRETPROBE(cap_capable_ret__kretprobe, int ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct entry_args *a = bpf_map_lookup_elem(&pending, &tid);
	struct entry_args copy;

	if (!a)
		return 0;
	copy = *a;
	bpf_map_delete_elem(&pending, &tid);
	return report_opts(ctx, copy.cap, ret, copy.opts);
}
