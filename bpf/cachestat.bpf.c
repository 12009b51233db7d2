/* cachestat: system-wide page-cache counts (include/page_cache.bpf.h). */
#include "corescope.bpf.h"
#include "cachestat.h"

__u64 counts[CS_PC_KINDS] = {};

static __always_inline void cs_page_cache(void *ctx, int kind)
{
	if (kind >= 0 && kind < CS_PC_KINDS)
		__sync_fetch_and_add(&counts[kind], 1);
}

#include "page_cache.bpf.h"
