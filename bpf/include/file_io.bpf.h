/* File I/O system calls on a file descriptor, timed from entry to exit, with
 * the struct file resolved in the kernel: fsslower, fsdist, fileslower,
 * filetop, dirtop.
 *
 * The entry finds the file behind the fd (current->files->fdt->fd[fd]; for
 * an open, the fd it returned, at the exit), keeps it only when it is of the
 * wanted file system type and kind, and notes the time and the file offset;
 * the exit hands the tool one cs_file_call.  The tool defines, before or
 * after including this header:
 *   static __always_inline void cs_file_done(void *ctx, const struct cs_file_call *c);
 *
 * What it measures: the system call, from entry to exit, page-cache hits
 * included, and the path lookup for an open.  I/O the kernel does without
 * these syscalls (sendfile, splice, copy_file_range, io_uring, mmap page
 * faults, AIO) is not seen.  Failed calls are left out.
 *
 * Knobs (set before load):
 *   cs_file_fs     only files on this file system type ("ext4"; "" any)
 *   cs_file_fs_alt or on this one too ("nfs4" beside "nfs"; "" none)
 *   cs_file_ops    bits CS_FILE_OP_BIT(op) of the operations wanted
 *   cs_file_all    non-regular files too (sockets, pipes, devices) */
#pragma once
#include "corescope.bpf.h"
#include "dirpath.bpf.h"
#include "maps.bpf.h"
#include "file_io.h"
#include "syscall_hooks.bpf.h"

#define CS_S_IFMT 00170000
#define CS_S_IFREG 0100000
#define CS_S_IFSOCK 0140000
#define CS_AT_EMPTY_PATH 0x1000

const volatile char cs_file_fs[CS_FILE_FS_MAX] = {};
const volatile char cs_file_fs_alt[CS_FILE_FS_MAX] = {};
const volatile __u32 cs_file_ops = CS_FILE_OP_BIT(CS_FILE_READ) | CS_FILE_OP_BIT(CS_FILE_WRITE) |
				   CS_FILE_OP_BIT(CS_FILE_OPEN) | CS_FILE_OP_BIT(CS_FILE_FSYNC);
const volatile bool cs_file_all = false;

/* What the exit hands the tool. */
struct cs_file_call {
	struct file *file;
	__u64 ts_ns;  /* at the exit */
	__u64 lat_ns; /* from the entry */
	__s64 offset; /* file position the call started at (0 for open, fsync, getattr) */
	__s64 ret;    /* bytes for read and write; the fd for open; 0 for the others */
	__u32 op;     /* enum cs_file_op */
};

struct cs_file_pending {
	__u64 ts_ns;
	__s64 offset;
	struct file *file; /* NULL for an open, found at the exit */
	__u32 op;
};

CS_THREAD_MAP(cs_file_pending, struct cs_file_pending, 10240);

static __always_inline void cs_file_done(void *ctx, const struct cs_file_call *c);

/* x86-64 syscall numbers.  The op, or -1 for a syscall not traced. */
static __always_inline int cs_file_op_of(long nr)
{
	switch (nr) {
	case 0: case 17: case 19: case 295: case 327:
		return CS_FILE_READ;
	case 1: case 18: case 20: case 296: case 328:
		return CS_FILE_WRITE;
	case 2: case 85: case 257: case 437:
		return CS_FILE_OPEN;
	case 74: case 75:
		return CS_FILE_FSYNC;
	case 5: case 262: case 332:
		return CS_FILE_GETATTR;
	}
	return -1;
}

/* The syscalls whose fourth argument is the offset to read or write at
 * (pread64, preadv, preadv2, and the writes); -1 in the v2 calls means the
 * file position, as plain read() uses. */
static __always_inline bool cs_file_positional(long nr)
{
	return nr == 17 || nr == 18 || nr == 295 || nr == 296 || nr == 327 || nr == 328;
}

/* The file open on fd in the current task, or NULL. */
static __always_inline struct file *cs_file_of_fd(long fd)
{
	return cs_task_file((struct task_struct *)bpf_get_current_task(), fd);
}

static __always_inline umode_t cs_file_mode(struct file *file)
{
	return BPF_CORE_READ(file, f_inode, i_mode);
}

/* CS_FILE_REGULAR, CS_FILE_SOCKET or CS_FILE_OTHER. */
static __always_inline char cs_file_kind(struct file *file)
{
	umode_t fmt = cs_file_mode(file) & CS_S_IFMT;

	return fmt == CS_S_IFREG ? CS_FILE_REGULAR : fmt == CS_S_IFSOCK ? CS_FILE_SOCKET : CS_FILE_OTHER;
}

/* The name of the file system type the file is on ("ext4") into buf. */
static __always_inline void cs_file_fs_name(struct file *file, char *buf, __u32 size)
{
	const char *name = BPF_CORE_READ(file, f_inode, i_sb, s_type, name);

	if (bpf_probe_read_kernel_str(buf, size, name) < 0)
		buf[0] = 0;
}

/* The last component of the file's path (its dentry's name) into buf. */
static __always_inline void cs_file_name(struct file *file, char *buf, __u32 size)
{
	const unsigned char *name = BPF_CORE_READ(file, f_path.dentry, d_name.name);

	if (bpf_probe_read_kernel_str(buf, size, name) < 0)
		buf[0] = 0;
}

static __always_inline bool cs_file_fs_is(const char *fs, const volatile char *want)
{
	if (!want[0])
		return false;
	for (int i = 0; i < CS_FILE_FS_MAX; i++) {
		if (fs[i] != want[i])
			return false;
		if (!fs[i])
			break;
	}
	return true;
}

static __always_inline bool cs_file_wanted(struct file *file)
{
	char fs[CS_FILE_FS_MAX];

	if (!file)
		return false;
	if (!cs_file_all && (cs_file_mode(file) & CS_S_IFMT) != CS_S_IFREG)
		return false;
	if (!cs_file_fs[0])
		return true;
	cs_file_fs_name(file, fs, sizeof(fs));
	return cs_file_fs_is(fs, cs_file_fs) || cs_file_fs_is(fs, cs_file_fs_alt);
}

/* newfstatat() and statx() count as getattr of an fd only for the empty
 * path of AT_EMPTY_PATH: fstat() as glibc makes it. */
static __always_inline bool cs_file_stat_of_fd(long nr, const __u64 *a)
{
	__u64 flags = nr == 262 ? a[3] : a[2];
	char c = 1;

	if (nr == 5)
		return true;
	if (!(flags & CS_AT_EMPTY_PATH))
		return false;
	return bpf_probe_read_user(&c, 1, (const void *)a[1]) == 0 && c == 0;
}

static __always_inline bool cs_syscall_wanted(long nr)
{
	int op = cs_file_op_of(nr);

	return op >= 0 && (cs_file_ops & CS_FILE_OP_BIT(op));
}

static __always_inline void cs_syscall_enter(long nr, const __u64 *a)
{
	struct cs_file_pending p = {.op = cs_file_op_of(nr)};
	struct file *file;
	__u32 tid;

	if (!cs_current_wanted() || cs_syscall_compat())
		return;
	if (p.op != CS_FILE_OPEN) {
		if (p.op == CS_FILE_GETATTR && !cs_file_stat_of_fd(nr, a))
			return;
		file = cs_file_of_fd((int)a[0]);
		if (!cs_file_wanted(file))
			return;
		p.file = file;
		if (cs_file_positional(nr) && (__s64)a[3] != -1)
			p.offset = a[3];
		else if (p.op == CS_FILE_READ || p.op == CS_FILE_WRITE)
			p.offset = BPF_CORE_READ(file, f_pos);
	}
	p.ts_ns = bpf_ktime_get_ns();
	tid = bpf_get_current_pid_tgid();
	bpf_map_update_elem(&cs_file_pending, &tid, &p, BPF_ANY);
}

static __always_inline void cs_syscall_exit(void *ctx, long nr, long ret)
{
	struct cs_file_pending *p;
	struct cs_file_call c = {};
	__u32 tid = bpf_get_current_pid_tgid();

	p = bpf_map_lookup_elem(&cs_file_pending, &tid);
	if (!p)
		return; /* entered before we attached, or filtered out */
	c.op = p->op;
	c.file = p->file;
	c.offset = p->offset;
	c.ts_ns = bpf_ktime_get_ns();
	c.lat_ns = c.ts_ns - p->ts_ns;
	bpf_map_delete_elem(&cs_file_pending, &tid);
	if (ret < 0 || cs_file_op_of(nr) != c.op)
		return;
	if (c.op == CS_FILE_OPEN) {
		c.file = cs_file_of_fd(ret);
		if (!cs_file_wanted(c.file))
			return;
	}
	c.ret = c.op == CS_FILE_READ || c.op == CS_FILE_WRITE || c.op == CS_FILE_OPEN ? ret : 0;
	cs_file_done(ctx, &c);
}

/* For the slow-call tools (#define CS_FILE_EVENTS before including): sends
 * c as one cs_file_event when it took at least min_ns. */
#ifdef CS_FILE_EVENTS
#include "events.bpf.h"

CS_SCRATCH(struct cs_file_event)

static __always_inline void cs_file_send(void *ctx, const struct cs_file_call *c, __u64 min_ns)
{
	struct cs_file_event *e;
	__u64 id = bpf_get_current_pid_tgid();

	if (c->lat_ns < min_ns || !(e = cs_scratch_get()))
		return;
	e->ts_ns = c->ts_ns;
	e->lat_ns = c->lat_ns;
	e->offset = c->offset;
	e->bytes = c->op == CS_FILE_OPEN ? 0 : c->ret;
	e->pid = id >> 32;
	e->tid = id;
	e->op = c->op;
	e->kind = cs_file_kind(c->file);
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	cs_file_name(c->file, e->name, sizeof(e->name));
	cs_submit(ctx, e, sizeof(*e));
}
#endif
