/* fsdist: latencies of reads, writes, opens, fsyncs and getattrs (fstat) of
 * regular files on one file system type, as log2 histograms per operation.
 * The hooks are the file I/O kit's (include/file_io.bpf.h): the syscalls,
 * timed from entry to exit. */
#include "corescope.bpf.h"
#include "fsdist.h"
#include "file_io.bpf.h"
#include "histogram.bpf.h"

const volatile bool use_ms = false;

CS_MAP(BPF_MAP_TYPE_ARRAY, hists, __u32, struct fsdist_hist, CS_FILE_OPS);

static __always_inline void cs_file_done(void *ctx, const struct cs_file_call *c)
{
	__u32 op = c->op;
	struct fsdist_hist *h = bpf_map_lookup_elem(&hists, &op);

	if (h)
		cs_hist_add(h->slots, c->lat_ns / (use_ms ? 1000000 : 1000));
}
