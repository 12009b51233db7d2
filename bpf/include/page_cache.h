/* Page-cache events counted by cachestat and cachetop (page_cache.bpf.h).
 * Plain C: both sides. */
#pragma once

enum cs_page_cache_kind {
	CS_PC_ACCESSED,        /* folio_mark_accessed / mark_page_accessed */
	CS_PC_ADDED,           /* a page added to the page cache */
	CS_PC_DIRTIED,         /* a page-cache page accounted dirty */
	CS_PC_BUFFERS_DIRTIED, /* mark_buffer_dirty */
	CS_PC_KINDS,
};
