/* The page-cache hooks of cachestat and cachetop, which compute hits and
 * misses the way bcc's cachestat does from four counts (page_cache.h).  The
 * tool defines, before including this header:
 *   static __always_inline void cs_page_cache(void *ctx, int kind);
 *
 * Pages added (mm_filemap_add_to_page_cache) and pages accounted dirty
 * (writeback_dirty_folio, writeback_dirty_page before 5.17) are raw
 * tracepoints on every kernel: programs without a flavour, the second pair
 * in the tool's HookPlan as may_lack.  Buffers dirtied: mark_buffer_dirty
 * (fentry, kprobe) or its block_dirty_buffer tracepoint.  Accesses have no
 * tracepoint: only fentry or a kprobe on folio_mark_accessed (5.16+) or
 * mark_page_accessed counts them, so the tracepoint flavour has none and the
 * tool says hits are not counted.  Only one of the two access hooks may be
 * loaded (mark_page_accessed calls folio_mark_accessed where both exist):
 * the tool leaves the other out with its HookPlan. */
#pragma once
#include "corescope.bpf.h"
#include "flavours.bpf.h"
#include "page_cache.h"

static __always_inline void cs_page_cache(void *ctx, int kind);

CS_PROG("raw_tp/mm_filemap_add_to_page_cache", mm_filemap_add_to_page_cache,
	cs_page_cache(ctx, CS_PC_ADDED))
CS_PROG("raw_tp/writeback_dirty_folio", writeback_dirty_folio, cs_page_cache(ctx, CS_PC_DIRTIED))
CS_PROG("raw_tp/writeback_dirty_page", writeback_dirty_page, cs_page_cache(ctx, CS_PC_DIRTIED))

CS_PROG("fentry/folio_mark_accessed", folio_mark_accessed__fexit, cs_page_cache(ctx, CS_PC_ACCESSED))
CS_PROG("fentry/mark_page_accessed", mark_page_accessed__fexit, cs_page_cache(ctx, CS_PC_ACCESSED))
CS_PROG("fentry/mark_buffer_dirty", mark_buffer_dirty__fexit, cs_page_cache(ctx, CS_PC_BUFFERS_DIRTIED))

CS_PROG("kprobe/folio_mark_accessed", folio_mark_accessed__kprobe, cs_page_cache(ctx, CS_PC_ACCESSED))
CS_PROG("kprobe/mark_page_accessed", mark_page_accessed__kprobe, cs_page_cache(ctx, CS_PC_ACCESSED))
CS_PROG("kprobe/mark_buffer_dirty", mark_buffer_dirty__kprobe, cs_page_cache(ctx, CS_PC_BUFFERS_DIRTIED))

SEC("tracepoint/block/block_dirty_buffer")
int block_dirty_buffer__tp(void *ctx)
{
	cs_page_cache(ctx, CS_PC_BUFFERS_DIRTIED);
	return 0;
}
