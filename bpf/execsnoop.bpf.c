/* execsnoop: one record per exec(), taken when the syscall returns.
 *
 * The record shows the filename exec() was given and argv[1..], as bcc's and
 * libbpf-tools' execsnoop do.  The entry hook keeps the caller's pointers and
 * counts its argv; the exit hook reads from whichever memory is there:
 *
 * - A failed exec still has the caller's memory: filename and argv[] are
 *   read through the saved pointers.
 * - A successful exec has replaced it.  The new image holds the filename at
 *   mm->env_end (the string AT_EXECFN points to) and the arguments in its
 *   argument area.  A #! script or binfmt_misc interpreter has put its own
 *   strings in front of them, but the caller's argv[1..] are always the last
 *   argc - 1 of the new argv[], so the new argc (at mm->start_stack) minus
 *   the caller's tells how many to skip; the rest is read in one copy.
 *   A caller's argc past the count is not known: there, the first new
 *   argument that begins as the caller's argv[1] did is where they start. */
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "execsnoop.h"

const volatile __u32 include_failed = 0;
const volatile __u32 max_args = 20; /* the filename included, as in the peers */
const volatile __u32 filter_ppid = 0;

CS_SCRATCH(struct execsnoop_event)

/* What the entry saw, until the exit. */
struct exec_call {
	__u64 filename; /* user pointers into the caller's memory */
	__u64 argv;
	__s32 dirfd;
	__u32 argc; /* counted up to EXECSNOOP_COUNT_ARGS */
	char arg1[EXECSNOOP_ARG1_PREFIX]; /* argv[1]'s first bytes, when argc reached it */
};

/* Keyed by process: a thread that execs becomes the leader.  LRU: an entry
 * whose exit was never seen cannot fill the map. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct exec_call);
} pending SEC(".maps");

/* Two pointers per read, and one branch per pointer: the verifier walks every
 * iteration and allows 8192 pending branches.  A failed read leaves zeros,
 * which is right: argv[n + 1] is unreadable only after argv[n], the NULL
 * (else the exec itself fails with EFAULT). */
static __always_inline __u32 count_argv(const char *const *argv)
{
	__u32 n = 0;

	for (int i = 0; i < EXECSNOOP_COUNT_ARGS / 2; i++) {
		__u64 pair[2] = {};

		bpf_probe_read_user(pair, sizeof(pair), &argv[n]);
		if (!pair[0])
			break;
		if (!pair[1])
			return n + 1;
		n += 2;
	}
	return n;
}

static __always_inline int on_exec_enter(__u64 filename, __u64 argv, __s32 dirfd)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct exec_call call = {
		.filename = filename,
		.argv = argv,
		.dirfd = dirfd,
		.argc = count_argv((const char *const *)argv),
	};
	const char *arg1 = NULL;

	if (call.argc >= EXECSNOOP_COUNT_ARGS &&
	    !bpf_probe_read_user(&arg1, sizeof(arg1), &((const char *const *)argv)[1]) && arg1)
		bpf_probe_read_user_str(call.arg1, sizeof(call.arg1), arg1);
	bpf_map_update_elem(&pending, &tgid, &call, BPF_ANY);
	return 0;
}

/* The filename into data[0..], NUL included; its size. */
static __always_inline __u32 copy_filename(struct execsnoop_event *e, const void *src)
{
	long n = bpf_probe_read_user_str(e->data, EXECSNOOP_PATH_LEN, src);

	if (n <= 0) {
		e->data[0] = '\0';
		return 1;
	}
	return n > EXECSNOOP_PATH_LEN ? EXECSNOOP_PATH_LEN : n;
}

/* argv[1..max_args-1] from the caller's memory, after the filename. */
static __always_inline __u32 copy_argv(struct execsnoop_event *e, __u32 base,
				       const char *const *argv)
{
	__u32 off = 0;

	for (int i = 1; i < EXECSNOOP_MAX_ARGS + 1; i++) {
		const char *arg = NULL;
		long n;

		if (bpf_probe_read_user(&arg, sizeof(arg), &argv[i]) || !arg)
			break;
		if (i >= max_args || off > EXECSNOOP_ARGS_SIZE - EXECSNOOP_ARG_LEN) {
			e->args_truncated = 1;
			break;
		}
		n = bpf_probe_read_user_str(&e->data[base + off], EXECSNOOP_ARG_LEN, arg);
		if (n <= 0)
			break;
		off += n;
	}
	return off;
}

/* Where the caller's argv[1] stands in the new argv[] when its argc was
 * past the count: the first of new argv[1..] that begins as it did (1 when
 * none does: no interpreter). */
static __always_inline __u64 find_arg1(unsigned long stack, const struct exec_call *call)
{
	const __u64 *want = (const __u64 *)call->arg1;

	for (int k = 1; k <= EXECSNOOP_MAX_INTERP; k++) {
		__u64 have[EXECSNOOP_ARG1_PREFIX / 8] = {};
		unsigned long arg = 0;

		if (bpf_probe_read_user(&arg, sizeof(arg), (void *)(stack + 8 * (1 + k))) || !arg)
			break;
		bpf_probe_read_user_str(have, sizeof(have), (void *)arg);
		if (have[0] == want[0] && have[1] == want[1])
			return k;
	}
	return 1;
}

/* The caller's argv[1..] from the new image's argument area, in one copy. */
static __always_inline __u32 copy_new_args(struct execsnoop_event *e, __u32 base,
					   struct mm_struct *mm, const struct exec_call *call)
{
	unsigned long stack = BPF_CORE_READ(mm, start_stack);
	unsigned long end = BPF_CORE_READ(mm, arg_end);
	unsigned long start = 0;
	__u64 new_argc = 0, skip, len;

	if (bpf_probe_read_user(&new_argc, sizeof(new_argc), (void *)stack))
		return 0;
	if (call->argc < EXECSNOOP_COUNT_ARGS)
		skip = new_argc + 1 - call->argc;
	else
		skip = find_arg1(stack, call);
	if (skip >= new_argc)
		return 0;
	if (bpf_probe_read_user(&start, sizeof(start), (void *)(stack + 8 * (1 + skip))))
		return 0;
	if (end <= start)
		return 0;
	len = end - start;
	if (len > EXECSNOOP_ARGS_SIZE) {
		len = EXECSNOOP_ARGS_SIZE;
		e->args_truncated = 1;
	}
	if (bpf_probe_read_user(&e->data[base], len, (void *)start))
		return 0;
	return len;
}

static __always_inline int on_exec_exit(void *ctx, long ret)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct exec_call *p = bpf_map_lookup_elem(&pending, &tgid);
	struct exec_call call;
	struct task_struct *task;
	struct execsnoop_event *e;
	struct mm_struct *mm;
	__u32 base, size;

	if (!p)
		return 0;
	call = *p;
	bpf_map_delete_elem(&pending, &tgid);
	if (ret < 0 && !include_failed)
		return 0;
	if (!cs_current_wanted())
		return 0;
	task = (struct task_struct *)bpf_get_current_task();
	if (filter_ppid && BPF_CORE_READ(task, real_parent, tgid) != filter_ppid)
		return 0;
	e = cs_scratch_get();
	if (!e)
		return 0;
	e->ts_ns = bpf_ktime_get_ns();
	e->pid = tgid;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->uid = bpf_get_current_uid_gid();
	e->retval = ret;
	e->args_truncated = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	/* ">= 0", not "== 0": without -x the verifier then knows the failed
	 * branch cannot run and skips walking copy_argv()'s loop. */
	if (ret >= 0) {
		mm = BPF_CORE_READ(task, mm);
		e->dirfd = EXECSNOOP_AT_FDCWD; /* the kernel's name is complete */
		base = copy_filename(e, (void *)BPF_CORE_READ(mm, env_end));
		size = copy_new_args(e, base, mm, &call);
	} else {
		e->dirfd = call.dirfd;
		base = copy_filename(e, (void *)call.filename);
		size = copy_argv(e, base, (const char *const *)call.argv);
	}
	e->filename_size = base;
	e->args_size = size;
	size += base + __builtin_offsetof(struct execsnoop_event, data);
	if (size > sizeof(*e))
		size = sizeof(*e);
	cs_submit(ctx, e, size);
	return 0;
}

/* x86-64 syscall numbers, for the flavours that see every syscall. */
#define NR_execve 59
#define NR_execveat 322

/* execve(filename, argv, envp); execveat(dirfd, filename, argv, envp, flags). */
static __always_inline int on_regs_enter(const struct pt_regs *regs, long nr)
{
	if (nr == NR_execve)
		return on_exec_enter(BPF_CORE_READ(regs, di), BPF_CORE_READ(regs, si),
				     EXECSNOOP_AT_FDCWD);
	return on_exec_enter(BPF_CORE_READ(regs, si), BPF_CORE_READ(regs, dx),
			     BPF_CORE_READ(regs, di));
}

/* --- fentry/fexit on the syscalls themselves. */

SEC("fentry/__x64_sys_execve")
int BPF_PROG(execve__fentry, const struct pt_regs *regs)
{
	return on_regs_enter(regs, NR_execve);
}

SEC("fentry/__x64_sys_execveat")
int BPF_PROG(execveat__fentry, const struct pt_regs *regs)
{
	return on_regs_enter(regs, NR_execveat);
}

SEC("fexit/__x64_sys_execve")
int BPF_PROG(execve__fexit, const struct pt_regs *regs, long ret)
{
	return on_exec_exit(ctx, ret);
}

SEC("fexit/__x64_sys_execveat")
int BPF_PROG(execveat__fexit, const struct pt_regs *regs, long ret)
{
	return on_exec_exit(ctx, ret);
}

/* --- tp_btf / raw_tp: the generic syscall hooks; one comparison for every
 * other syscall. */

static __always_inline bool is_exec(long nr)
{
	return nr == NR_execve || nr == NR_execveat;
}

static __always_inline int on_sys_exit(void *ctx, const struct pt_regs *regs, long ret)
{
	if (!is_exec(BPF_CORE_READ(regs, orig_ax)))
		return 0;
	return on_exec_exit(ctx, ret);
}

CS_BTF_RAW(sys_enter, sys_enter, is_exec(id) ? on_regs_enter(regs, id) : 0,
	   const struct pt_regs *regs, long id)

CS_BTF_RAW(sys_exit, sys_exit, on_sys_exit(ctx, regs, ret), const struct pt_regs *regs, long ret)

/* --- tracepoint: the per-syscall events of tracefs. */

SEC("tracepoint/syscalls/sys_enter_execve")
int execve_enter__tp(struct trace_event_raw_sys_enter *ctx)
{
	return on_exec_enter(ctx->args[0], ctx->args[1], EXECSNOOP_AT_FDCWD);
}

SEC("tracepoint/syscalls/sys_enter_execveat")
int execveat_enter__tp(struct trace_event_raw_sys_enter *ctx)
{
	return on_exec_enter(ctx->args[1], ctx->args[2], ctx->args[0]);
}

SEC("tracepoint/syscalls/sys_exit_execve")
int execve_exit__tp(struct trace_event_raw_sys_exit *ctx)
{
	return on_exec_exit(ctx, ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_execveat")
int execveat_exit__tp(struct trace_event_raw_sys_exit *ctx)
{
	return on_exec_exit(ctx, ctx->ret);
}
