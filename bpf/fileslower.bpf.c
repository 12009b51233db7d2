/* fileslower: reads and writes of files on any file system (and with -a of
 * sockets, pipes and devices too) that took at least min_ns, one record
 * each.  The hooks are the file I/O kit's (include/file_io.bpf.h): the
 * syscalls, timed from entry to exit; the frontend keeps the kit's
 * cs_file_ops to reads and writes. */
#define CS_FILE_EVENTS
#include "corescope.bpf.h"
#include "fileslower.h"
#include "file_io.bpf.h"

const volatile __u64 min_ns = 10000000;

static __always_inline void cs_file_done(void *ctx, const struct cs_file_call *c)
{
	cs_file_send(ctx, c, min_ns);
}
