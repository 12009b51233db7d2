/* oomkill: one record per OOM kill.
 *
 * fentry and kprobe flavours hook oom_kill_process(oc, message) like the
 * peers, in the context of the task whose allocation failed, and read the
 * victim and the page total from the oom_control.  The tracepoint flavours
 * use oom:mark_victim, which fires in the same context when the victim is
 * chosen; since Linux 6.8 it passes the victim's task_struct, before that
 * only its thread ID.  It never sees the oom_control, so pages is unknown. */
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "oomkill.h"

CS_SCRATCH(struct oomkill_event)

static __always_inline struct oomkill_event *start(void)
{
	struct oomkill_event *e = cs_scratch_get();

	if (!e)
		return NULL;
	e->ts_ns = bpf_ktime_get_ns();
	e->tpid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(e->tcomm, sizeof(e->tcomm));
	e->kcomm[0] = 0;
	e->pages = OOMKILL_PAGES_UNKNOWN;
	return e;
}

static __always_inline int on_oom_kill_process(void *ctx, struct oom_control *oc)
{
	struct task_struct *victim = BPF_CORE_READ(oc, chosen);
	struct oomkill_event *e = start();

	if (!e)
		return 0;
	e->kpid = BPF_CORE_READ(victim, tgid);
	e->pages = BPF_CORE_READ(oc, totalpages);
	bpf_probe_read_kernel_str(e->kcomm, sizeof(e->kcomm), &victim->comm);
	cs_submit(ctx, e, sizeof(*e));
	return 0;
}

SEC("fentry/oom_kill_process")
int BPF_PROG(oom_kill_process__fentry, struct oom_control *oc, const char *message)
{
	return on_oom_kill_process(ctx, oc);
}

SEC("kprobe/oom_kill_process")
int BPF_KPROBE(oom_kill_process__kprobe, struct oom_control *oc, const char *message)
{
	return on_oom_kill_process(ctx, oc);
}

/* A victim known only by its thread ID: when it is the allocating task
 * itself (the usual case in a memory cgroup), current gives its process. */
static __always_inline void victim_by_tid(struct oomkill_event *e, __u32 tid)
{
	__u64 id = bpf_get_current_pid_tgid();

	if (tid == (__u32)id) {
		e->kpid = id >> 32;
		bpf_get_current_comm(e->kcomm, sizeof(e->kcomm));
	} else {
		e->kpid = tid;
	}
}

/* mark_victim(struct task_struct *task, uid_t uid) since 6.8, when the
 * tracepoint also gained the victim's name and memory fields. */
static __always_inline bool mark_victim_has_task(void)
{
	return bpf_core_field_exists(struct trace_event_raw_mark_victim, __data_loc_comm);
}

static __always_inline int on_mark_victim(void *ctx, __u64 arg0)
{
	struct oomkill_event *e = start();

	if (!e)
		return 0;
	if (mark_victim_has_task()) {
		struct task_struct *victim = (struct task_struct *)arg0;

		e->kpid = BPF_CORE_READ(victim, tgid);
		bpf_probe_read_kernel_str(e->kcomm, sizeof(e->kcomm), &victim->comm);
	} else {
		victim_by_tid(e, (__u32)arg0);
	}
	cs_submit(ctx, e, sizeof(*e));
	return 0;
}

CS_BTF_RAW(mark_victim, mark_victim, on_mark_victim(ctx, ctx[0]))

SEC("tracepoint/oom/mark_victim")
int mark_victim__tp(struct trace_event_raw_mark_victim *ctx)
{
	struct oomkill_event *e = start();

	if (!e)
		return 0;
	victim_by_tid(e, ctx->pid);
	if (bpf_core_field_exists(ctx->__data_loc_comm) && !e->kcomm[0]) {
		__u32 loc = BPF_CORE_READ(ctx, __data_loc_comm);

		bpf_probe_read_kernel_str(e->kcomm, sizeof(e->kcomm), (void *)ctx + (loc & 0xffff));
	}
	cs_submit(ctx, e, sizeof(*e));
	return 0;
}
