/* vfscount: calls of each vfs_* kernel function.  One kprobe program, which
 * the frontend attaches to every such function: the probed address says
 * which.  There is no tracepoint per VFS function, and fentry would need a
 * program per function. */
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "vfscount.h"

CS_HASH_MAP(counts, __u64, __u64, 1024);

SEC("kprobe")
int vfs_call(struct pt_regs *ctx)
{
	__u64 ip = PT_REGS_IP(ctx);

	if (cs_current_wanted())
		cs_map_add(&counts, &ip, 1, &cs_uncounted);
	return 0;
}
