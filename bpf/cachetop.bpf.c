/* cachetop: page-cache counts by process, on cachestat's hooks
 * (include/page_cache.bpf.h). */
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "cachetop.h"

CS_HASH_MAP(counts, struct cachetop_key, struct cachetop_counts, 10240);

static __always_inline void cs_page_cache(void *ctx, int kind)
{
	static const struct cachetop_counts zero;
	struct cachetop_key key = {};
	struct cachetop_counts *c;

	if (kind < 0 || kind >= CS_PC_KINDS || !cs_current_wanted())
		return;
	key.pid = bpf_get_current_pid_tgid() >> 32;
	key.uid = bpf_get_current_uid_gid();
	bpf_get_current_comm(key.comm, sizeof(key.comm));
	c = cs_lookup_or_init(&counts, &key, &zero);
	if (!c) {
		__sync_fetch_and_add(&cs_uncounted, 1);
		return;
	}
	__sync_fetch_and_add(&c->n[kind], 1);
}

#include "page_cache.bpf.h"
