/* mountsnoop: one record per mount(), umount2() and call of the new mount
 * API (fsopen, fsconfig, fsmount, move_mount, fspick, open_tree,
 * mount_setattr), with its arguments, the strings they point to and the
 * result.  The hooks are the family's (include/syscall_event.bpf.h): a call
 * the kernel does not have (mount_setattr before 5.12) needs no hook of its
 * own, and shows failing with ENOSYS. */
#include "corescope.bpf.h"
#include "mountsnoop.h"

static __always_inline bool cs_syscall_wanted(long nr)
{
	return nr == MOUNTSNOOP_NR_MOUNT || nr == MOUNTSNOOP_NR_UMOUNT2 ||
	       (nr >= MOUNTSNOOP_NR_OPEN_TREE && nr <= MOUNTSNOOP_NR_FSPICK) ||
	       nr == MOUNTSNOOP_NR_MOUNT_SETATTR;
}

static __always_inline __u32 cs_syscall_strings(long nr, const __u64 *args)
{
	switch (nr) {
	case MOUNTSNOOP_NR_MOUNT: /* source, target, type, (flags), data */
		return 1u << 0 | 1u << 1 | 1u << 2 | 1u << 4;
	case MOUNTSNOOP_NR_UMOUNT2: /* target */
	case MOUNTSNOOP_NR_FSOPEN:  /* fs name */
		return 1u << 0;
	case MOUNTSNOOP_NR_MOVE_MOUNT: /* (from dfd), from path, (to dfd), to path */
		return 1u << 1 | 1u << 3;
	case MOUNTSNOOP_NR_FSCONFIG: /* (fd, cmd), key, value when a string */
		if (args[1] == MOUNTSNOOP_FSCONFIG_SET_STRING || args[1] == MOUNTSNOOP_FSCONFIG_SET_PATH ||
		    args[1] == MOUNTSNOOP_FSCONFIG_SET_PATH_EMPTY)
			return 1u << 2 | 1u << 3;
		return 1u << 2;
	case MOUNTSNOOP_NR_FSMOUNT:
		return 0;
	default: /* open_tree, fspick, mount_setattr: (dfd), path */
		return 1u << 1;
	}
}

#include "syscall_event.bpf.h"
