/* filegone: one record per unlink(), unlinkat(), rename(), renameat() and
 * renameat2(), with the paths it was given and the result; the frontend
 * keeps those that made a file go.  The hooks are the family's
 * (include/syscall_event.bpf.h). */
#include "corescope.bpf.h"
#include "filegone.h"

static __always_inline bool cs_syscall_wanted(long nr)
{
	return nr == CS_NR_UNLINK || nr == CS_NR_UNLINKAT || nr == CS_NR_RENAME ||
	       nr == CS_NR_RENAMEAT || nr == CS_NR_RENAMEAT2;
}

/* The paths: first (and second) for unlink and rename, after a directory fd
 * for the *at calls. */
static __always_inline __u32 cs_syscall_strings(long nr, const __u64 *args)
{
	switch (nr) {
	case CS_NR_UNLINK:
		return 1u << 0;
	case CS_NR_UNLINKAT:
		return 1u << 1;
	case CS_NR_RENAME:
		return 1u << 0 | 1u << 1;
	default:
		return 1u << 1 | 1u << 3;
	}
}

#include "syscall_event.bpf.h"
