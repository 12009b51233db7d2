/* syncsnoop: one record per sync(), syncfs(), fsync(), fdatasync(),
 * sync_file_range() and msync(), with its arguments and result.  The hooks
 * are the family's (include/syscall_event.bpf.h). */
#include "corescope.bpf.h"
#include "syncsnoop.h"

static __always_inline bool cs_syscall_wanted(long nr)
{
	return nr == SYNCSNOOP_NR_FSYNC || nr == SYNCSNOOP_NR_FDATASYNC ||
	       nr == SYNCSNOOP_NR_SYNC || nr == SYNCSNOOP_NR_SYNCFS ||
	       nr == SYNCSNOOP_NR_SYNC_FILE_RANGE || nr == SYNCSNOOP_NR_MSYNC;
}

/* No argument of these is a string. */
static __always_inline __u32 cs_syscall_strings(long nr, const __u64 *args)
{
	return 0;
}

#include "syscall_event.bpf.h"
