/* opensnoop: one record per open(), openat() and openat2(), taken when the
 * call returns, so the path, the flags and the result arrive together.
 *
 * Flavours, cheapest first:
 *  - fexit on do_sys_openat2(), which all three syscalls (and their 32-bit
 *    versions) go through: it runs for opens only and sees the arguments and
 *    the result in one hook;
 *  - tp_btf / raw_tp on sys_exit, for kernels without BPF trampolines: it runs
 *    at every syscall's exit, keeps the open family by syscall number and
 *    reads the arguments from the saved user registers (the path is still in
 *    the caller's memory);
 *  - tracepoints sys_enter_* + sys_exit_*, paired through a map by thread.
 *
 * Every filter runs before anything is copied, and a record carries only the
 * bytes of path (and, with -F, directory names) it holds. */
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "dirpath.bpf.h"
#include "opensnoop.h"

#define O_ACCMODE 00000003
#define O_LARGEFILE 00100000

const volatile __u32 failed_only = 0;
const volatile __u32 full_path = 0;
/* -f: a call passes when its flags have any of flag_bits set, or when its
 * access mode m (flags & O_ACCMODE) has bit (1 << m) set in accmode_bits. */
const volatile __u32 flag_bits = 0;
const volatile __u32 accmode_bits = 0;
/* -n: the process name contains filter_name[0 .. name_len). */
const volatile char filter_name[OPENSNOOP_COMM_LEN] = {};
const volatile __u32 name_len = 0;

CS_SCRATCH(struct opensnoop_event)

static __always_inline bool flags_wanted(__u32 flags)
{
	if (!flag_bits && !accmode_bits)
		return true;
	return (flags & flag_bits) || (accmode_bits & (1u << (flags & O_ACCMODE)));
}

static __always_inline bool comm_wanted(const char *comm)
{
	if (!name_len)
		return true;
	for (__u32 i = 0; i + name_len < OPENSNOOP_COMM_LEN; i++) {
		__u32 j = 0;

		for (; j < name_len && j < OPENSNOOP_COMM_LEN - 1; j++)
			if (comm[(i + j) & (OPENSNOOP_COMM_LEN - 1)] != filter_name[j])
				break;
		if (j == name_len)
			return true;
	}
	return false;
}

/* -F: the names of the directory a relative path starts from. */
static __always_inline void add_dir_names(struct opensnoop_event *e, int dfd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct vfsmount *mnt;
	struct dentry *dentry;
	bool complete;

	if (!cs_dir_of_fd(task, dfd, &mnt, &dentry)) {
		e->dir_status = OPENSNOOP_DIR_UNKNOWN;
		return;
	}
	e->dir_size = e->path_size; /* the walk's position, in the record */
	complete = cs_append_dir_names(task, mnt, dentry, e->data, &e->dir_size,
				       OPENSNOOP_DIRS_END, OPENSNOOP_NAME_MAX, OPENSNOOP_MAX_DEPTH);
	e->dir_status = complete ? OPENSNOOP_DIR_FULL : OPENSNOOP_DIR_TRUNCATED;
	e->dir_size -= e->path_size;
}

/* The caller has applied -x and the common filters. */
static __always_inline int report(void *ctx, const char *filename, __u32 flags, int dfd, int ret)
{
	struct opensnoop_event *e;
	__u64 id, size;
	long n;

	flags &= ~O_LARGEFILE; /* added by the kernel to 64-bit opens, not asked for */
	if (!flags_wanted(flags))
		return 0;
	e = cs_scratch_get();
	if (!e)
		return 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	if (!comm_wanted(e->comm))
		return 0;
	id = bpf_get_current_pid_tgid();
	e->ts_ns = bpf_ktime_get_ns();
	e->pid = id >> 32;
	e->tid = id;
	e->uid = bpf_get_current_uid_gid();
	e->ret = ret;
	e->flags = flags;
	e->dir_size = 0;
	e->dir_status = OPENSNOOP_DIR_NONE;
	n = bpf_probe_read_user_str(e->data, OPENSNOOP_PATH_MAX, filename);
	if (n <= 0) {
		e->data[0] = '\0';
		n = 1;
	}
	e->path_size = n;
	if (full_path && n > 1 && e->data[0] != '/')
		add_dir_names(e, dfd);
	size = __builtin_offsetof(struct opensnoop_event, data) + e->path_size + e->dir_size;
	if (size > sizeof(*e))
		size = sizeof(*e);
	cs_submit(ctx, e, size);
	return 0;
}

/* --- fentry: do_sys_openat2(dfd, filename, how) -> fd or -errno (a long
 * on older kernels, an int on newer ones: either fits an int).  `how` is
 * the kernel's copy of the flags, after it dropped unknown bits. */

SEC("fexit/do_sys_openat2")
int BPF_PROG(do_sys_openat2__fexit, int dfd, const char *filename, struct open_how *how, int ret)
{
	if (failed_only && ret >= 0)
		return 0;
	if (!cs_current_wanted())
		return 0;
	return report(ctx, filename, how->flags, dfd, ret);
}

/* --- tp_btf / raw_tp: sys_exit of every syscall. */

/* x86-64 syscall numbers, and the i386 ones for 32-bit callers (TS_COMPAT). */
#define NR_open 2
#define NR_openat 257
#define NR_openat2 437
#define NR32_open 5
#define NR32_openat 295
#define TS_COMPAT 0x0002

static __always_inline bool maybe_open(long nr)
{
	return nr == NR_openat || nr == NR_open || nr == NR_openat2 || nr == NR32_open ||
	       nr == NR32_openat;
}

static __always_inline __u32 how_flags(__u64 how)
{
	__u64 flags = 0;

	bpf_probe_read_user(&flags, sizeof(flags), (void *)how);
	return flags;
}

/* `btf` (a constant after inlining): regs is a BTF pointer that can be read
 * directly, as in tp_btf; raw_tp has to copy each register with a helper. */
#define REG(regs, r, btf) ((btf) ? (regs)->r : BPF_CORE_READ(regs, r))

static __always_inline int on_sys_exit(void *ctx, struct pt_regs *regs, long nr, long ret,
				       const bool btf)
{
	struct task_struct *task;
	__u64 a0, a1, a2, filename, flags;
	int dfd = CS_AT_FDCWD;

	if (failed_only && ret >= 0)
		return 0;
	if (!cs_current_wanted())
		return 0;
	task = (struct task_struct *)bpf_get_current_task();
	if (BPF_CORE_READ(task, thread_info.status) & TS_COMPAT) {
		/* i386 calling convention: bx, cx, dx; 32-bit pointers. */
		if (nr != NR32_open && nr != NR32_openat && nr != NR_openat2)
			return 0;
		a0 = (__u32)REG(regs, bx, btf);
		a1 = (__u32)REG(regs, cx, btf);
		a2 = (__u32)REG(regs, dx, btf);
	} else {
		if (nr != NR_open && nr != NR_openat && nr != NR_openat2)
			return 0;
		a0 = REG(regs, di, btf);
		a1 = REG(regs, si, btf);
		a2 = REG(regs, dx, btf);
	}
	if (nr == NR_open || nr == NR32_open) { /* (path, flags, mode) */
		filename = a0;
		flags = a1;
	} else { /* openat (dfd, path, flags, mode), openat2 (dfd, path, how, size) */
		dfd = a0;
		filename = a1;
		flags = nr == NR_openat2 ? how_flags(a2) : a2;
	}
	return report(ctx, (const char *)filename, flags, dfd, ret);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit__btf, struct pt_regs *regs, long ret)
{
	long nr = regs->orig_ax;

	return maybe_open(nr) ? on_sys_exit(ctx, regs, nr, ret, true) : 0;
}

SEC("raw_tp/sys_exit")
int BPF_PROG(sys_exit__raw, struct pt_regs *regs, long ret)
{
	long nr = BPF_CORE_READ(regs, orig_ax);

	return maybe_open(nr) ? on_sys_exit(ctx, regs, nr, ret, false) : 0;
}

/* --- tracepoint: entry saves the arguments by thread, exit reports.  (The
 * syscall tracepoints do not fire for 32-bit callers.) */

struct open_args {
	__u64 filename;
	__u32 flags;
	__s32 dfd;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct open_args);
} pending SEC(".maps");

static __always_inline int save_args(__u64 filename, __u32 flags, int dfd)
{
	struct open_args a = {.filename = filename, .flags = flags, .dfd = dfd};
	__u32 tid = bpf_get_current_pid_tgid();

	if (!cs_current_wanted() || !flags_wanted(flags))
		return 0;
	bpf_map_update_elem(&pending, &tid, &a, BPF_ANY);
	return 0;
}

static __always_inline int finish(void *ctx, long ret)
{
	__u32 tid = bpf_get_current_pid_tgid();
	struct open_args *a = bpf_map_lookup_elem(&pending, &tid);
	struct open_args copy;

	if (!a)
		return 0;
	copy = *a;
	bpf_map_delete_elem(&pending, &tid);
	if (failed_only && ret >= 0)
		return 0;
	return report(ctx, (const char *)copy.filename, copy.flags, copy.dfd, ret);
}

SEC("tracepoint/syscalls/sys_enter_open")
int open_enter__tp(struct trace_event_raw_sys_enter *ctx)
{
	return save_args(ctx->args[0], ctx->args[1], CS_AT_FDCWD);
}

SEC("tracepoint/syscalls/sys_enter_openat")
int openat_enter__tp(struct trace_event_raw_sys_enter *ctx)
{
	return save_args(ctx->args[1], ctx->args[2], ctx->args[0]);
}

SEC("tracepoint/syscalls/sys_enter_openat2")
int openat2_enter__tp(struct trace_event_raw_sys_enter *ctx)
{
	return save_args(ctx->args[1], how_flags(ctx->args[2]), ctx->args[0]);
}

SEC("tracepoint/syscalls/sys_exit_open")
int open_exit__tp(struct trace_event_raw_sys_exit *ctx)
{
	return finish(ctx, ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_openat")
int openat_exit__tp(struct trace_event_raw_sys_exit *ctx)
{
	return finish(ctx, ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_openat2")
int openat2_exit__tp(struct trace_event_raw_sys_exit *ctx)
{
	return finish(ctx, ctx->ret);
}
