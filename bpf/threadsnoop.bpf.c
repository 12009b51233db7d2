/* threadsnoop: new threads.
 *
 * Two sources, combined by the frontend's choice of mode:
 *  - the kernel's task_newtask tracepoint, which fires in the creating
 *    thread for every clone() with CLONE_THREAD: it sees every new thread,
 *    whatever created it (glibc, musl, Go, static binaries, raw clone3);
 *  - a uprobe on pthread_create() in one ELF file (a libc, or a static
 *    executable), which knows the start routine (its third argument).
 * With both, the uprobe parks the start routine under the calling thread's
 * ID and the tracepoint, which follows in the same thread, picks it up; a
 * uretprobe drops what pthread_create() left unused (it failed before the
 * clone).  With emit_from_uprobe (uprobe-only mode, as bcc does it) the
 * uprobe reports by itself and the tracepoint is not loaded. */
#include "corescope.bpf.h"
#include "dirpath.bpf.h"
#include "events.bpf.h"
#include "threadsnoop.h"

#define CLONE_THREAD 0x00010000

const volatile __u32 emit_from_uprobe = 0;

CS_SCRATCH(struct threadsnoop_event)

/* thread ID -> start routine of its pthread_create() in progress */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u64);
} starts SEC(".maps");

static __always_inline struct threadsnoop_event *new_event(void)
{
	struct threadsnoop_event *e = cs_scratch_get();
	__u64 id = bpf_get_current_pid_tgid();

	if (!e)
		return NULL;
	e->ts_ns = bpf_ktime_get_ns();
	e->pid = id >> 32;
	e->ptid = (__u32)id;
	e->tid = 0;
	e->start = 0;
	e->flags = 0;
	e->code_start = e->code_end = 0;
	e->exe_len = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	return e;
}

/* A thread created by a process that exits at once is reported after the
 * process is gone, and /proc/PID/maps with it: record the executable's path
 * and code range, which name a start routine in the main program without
 * the process. */
static __always_inline void note_executable(struct threadsnoop_event *e)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	struct file *exe;

	e->code_start = BPF_CORE_READ(mm, start_code);
	e->code_end = BPF_CORE_READ(mm, end_code);
	e->exe_len = 0;
	exe = BPF_CORE_READ(mm, exe_file);
	if (exe && cs_append_dir_names(task, BPF_CORE_READ(exe, f_path.mnt),
				       BPF_CORE_READ(exe, f_path.dentry), e->exe_names, &e->exe_len,
				       THREADSNOOP_EXE_END, THREADSNOOP_NAME_MAX, 24))
		e->flags |= THREADSNOOP_EXE_COMPLETE;
}

SEC("uprobe")
int BPF_KPROBE(pthread_create_entry, void *thread, void *attr, void *start_routine)
{
	struct threadsnoop_event *e;
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 start = (__u64)start_routine;

	if (!cs_current_wanted())
		return 0;
	if (!emit_from_uprobe) {
		bpf_map_update_elem(&starts, &tid, &start, BPF_ANY);
		return 0;
	}
	e = new_event();
	if (!e)
		return 0;
	e->start = start;
	e->flags = THREADSNOOP_HAVE_START;
	note_executable(e);
	cs_submit(ctx, e, sizeof(*e));
	return 0;
}

SEC("uretprobe")
int BPF_KRETPROBE(pthread_create_return)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	bpf_map_delete_elem(&starts, &tid);
	return 0;
}

static __always_inline int on_newtask(void *ctx, __u32 new_tid, __u64 clone_flags)
{
	struct threadsnoop_event *e;
	__u64 *start;

	if (!(clone_flags & CLONE_THREAD))
		return 0;
	if (!cs_current_wanted())
		return 0;
	e = new_event();
	if (!e)
		return 0;
	e->tid = new_tid;
	e->flags = THREADSNOOP_HAVE_TID;
	start = bpf_map_lookup_elem(&starts, &e->ptid);
	if (start) {
		e->start = *start;
		e->flags |= THREADSNOOP_HAVE_START;
		bpf_map_delete_elem(&starts, &e->ptid);
		note_executable(e);
	}
	cs_submit(ctx, e, sizeof(*e));
	return 0;
}

CS_BTF_RAW(task_newtask, newtask, on_newtask(ctx, BPF_CORE_READ(task, pid), clone_flags),
	   struct task_struct *task, __u64 clone_flags)

SEC("tracepoint/task/task_newtask")
int newtask__tp(struct trace_event_raw_task_newtask *ctx)
{
	return on_newtask(ctx, ctx->pid, ctx->clone_flags);
}
