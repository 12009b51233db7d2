/* vfsstat: counts of VFS calls by kind.
 *
 * Where the kernel has fentry: the VFS functions the peers count (vfs_read,
 * vfs_write, vfs_fsync, vfs_open, vfs_create, vfs_unlink, vfs_mkdir,
 * vfs_rmdir), whoever calls them, the kernel included.  Elsewhere the
 * syscalls that reach them: read/pread64, write/pwrite64, fsync/fdatasync,
 * the open family, unlink/unlinkat, mkdir/mkdirat, rmdir/unlinkat
 * (AT_REMOVEDIR), each counted as it enters; CREATE is an open-family call
 * that returns a file it created (FMODE_CREATED). */
#include "corescope.bpf.h"
#include "file_syscalls.bpf.h"
#include "syscall_hooks.bpf.h"
#include "vfsstat.h"

__u64 counts[VFSSTAT_KINDS] = {};

static __always_inline void count(int kind)
{
	if (cs_current_wanted())
		__sync_fetch_and_add(&counts[kind], 1);
}

CS_PROG("fentry/vfs_read", vfs_read__fexit, count(VFSSTAT_READ))
CS_PROG("fentry/vfs_write", vfs_write__fexit, count(VFSSTAT_WRITE))
CS_PROG("fentry/vfs_fsync", vfs_fsync__fexit, count(VFSSTAT_FSYNC))
CS_PROG("fentry/vfs_open", vfs_open__fexit, count(VFSSTAT_OPEN))
CS_PROG("fentry/vfs_create", vfs_create__fexit, count(VFSSTAT_CREATE))
CS_PROG("fentry/vfs_unlink", vfs_unlink__fexit, count(VFSSTAT_UNLINK))
CS_PROG("fentry/vfs_mkdir", vfs_mkdir__fexit, count(VFSSTAT_MKDIR))
CS_PROG("fentry/vfs_rmdir", vfs_rmdir__fexit, count(VFSSTAT_RMDIR))

/* The kind of a syscall as it enters; -1 for none (or CREATE: at its exit). */
static __always_inline int kind_of(long nr, const __u64 *args)
{
	switch (nr) {
	case CS_NR_READ:
	case CS_NR_PREAD64:
		return VFSSTAT_READ;
	case CS_NR_WRITE:
	case CS_NR_PWRITE64:
		return VFSSTAT_WRITE;
	case CS_NR_FSYNC:
	case CS_NR_FDATASYNC:
		return VFSSTAT_FSYNC;
	case CS_NR_UNLINK:
		return VFSSTAT_UNLINK;
	case CS_NR_UNLINKAT:
		return args[2] & CS_AT_REMOVEDIR ? VFSSTAT_RMDIR : VFSSTAT_UNLINK;
	case CS_NR_MKDIR:
	case CS_NR_MKDIRAT:
		return VFSSTAT_MKDIR;
	case CS_NR_RMDIR:
		return VFSSTAT_RMDIR;
	default:
		return CS_NR_IS_OPEN(nr) ? VFSSTAT_OPEN : -1;
	}
}

static __always_inline bool cs_syscall_wanted(long nr)
{
	return (nr >= CS_NR_READ && nr <= CS_NR_OPEN) || nr == CS_NR_PREAD64 ||
	       nr == CS_NR_PWRITE64 || nr == CS_NR_FSYNC || nr == CS_NR_FDATASYNC ||
	       (nr >= CS_NR_MKDIR && nr <= CS_NR_CREAT) || nr == CS_NR_UNLINK ||
	       nr == CS_NR_OPENAT || nr == CS_NR_MKDIRAT || nr == CS_NR_UNLINKAT ||
	       nr == CS_NR_OPENAT2;
}

static __always_inline void cs_syscall_enter(long nr, const __u64 *args)
{
	int kind = kind_of(nr, args);

	if (kind >= 0 && kind < VFSSTAT_KINDS && !cs_syscall_compat())
		count(kind);
}

static __always_inline void cs_syscall_exit(void *ctx, long nr, long ret)
{
	if (CS_NR_IS_OPEN(nr) && !cs_syscall_compat() && cs_created_file(ret))
		count(VFSSTAT_CREATE);
}
