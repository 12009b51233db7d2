/* fsslower: reads, writes, opens and fsyncs of regular files on one file
 * system type that took at least min_ns, one record each.  The hooks are the
 * file I/O kit's (include/file_io.bpf.h): the syscalls, timed from entry to
 * exit. */
#define CS_FILE_EVENTS
#include "corescope.bpf.h"
#include "fsslower.h"
#include "file_io.bpf.h"

const volatile __u64 min_ns = 10000000;

static __always_inline void cs_file_done(void *ctx, const struct cs_file_call *c)
{
	cs_file_send(ctx, c, min_ns);
}
