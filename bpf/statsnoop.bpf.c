/* statsnoop: one record per stat(), lstat(), newfstatat(), statx() and
 * statfs(), with the path it was given and the result.  fstat() and
 * fstatfs() take no path and are left out, as by the peers; an fstat that
 * glibc makes with newfstatat(fd, "", AT_EMPTY_PATH) shows an empty path.
 * The hooks are the family's (include/syscall_event.bpf.h). */
#include "corescope.bpf.h"
#include "statsnoop.h"

static __always_inline bool cs_syscall_wanted(long nr)
{
	return nr == STATSNOOP_NR_NEWFSTATAT || nr == STATSNOOP_NR_STATX ||
	       nr == STATSNOOP_NR_STAT || nr == STATSNOOP_NR_LSTAT || nr == STATSNOOP_NR_STATFS;
}

/* The path: the first argument, or the second after a directory fd. */
static __always_inline __u32 cs_syscall_strings(long nr, const __u64 *args)
{
	return nr == STATSNOOP_NR_NEWFSTATAT || nr == STATSNOOP_NR_STATX ? 1u << 1 : 1u << 0;
}

#include "syscall_event.bpf.h"
