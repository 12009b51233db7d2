/* readahead: read-ahead pages that nobody used, and the age of those used.
 *
 * Built on the page cache's tracepoints, so it needs neither kprobes nor
 * fentry: a thread opens a read-ahead window when readahead starts
 * (readahead/page_cache_ra_unbounded, page_cache_ra_order: file, first
 * page, pages), and the pages it then adds to the page cache of that file
 * inside the window (filemap/mm_filemap_add_to_page_cache) are read-ahead
 * pages, stamped by file and index.  A page is used when a read asks for it
 * (mm_filemap_get_pages) or a mapping faults it in (mm_filemap_fault,
 * mm_filemap_map_pages): its age goes into the histogram.  A page dropped
 * from the cache unused (mm_filemap_delete_from_page_cache) stays unused. */
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "histogram.bpf.h"
#include "readahead.h"

struct window {
	__u64 ino;
	__u64 first, end; /* pages [first, end) */
	__u32 dev;
};

struct page_key {
	__u64 ino;
	__u64 index;
	__u32 dev;
	__u32 pad;
};

struct readahead_hist hist = {};

CS_THREAD_MAP(windows, struct window, 10240);
/* LRU: pages never used and never dropped must not fill the map; an entry
 * that ages out was counted unused and stays so. */
CS_MAP(BPF_MAP_TYPE_LRU_HASH, births, struct page_key, __u64, READAHEAD_MAX_PAGES);

static __always_inline void open_window(__u32 dev, __u64 ino, __u64 first, __u64 n)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct window w = { .ino = ino, .first = first, .end = first + n, .dev = dev };

	if (!cs_current_wanted())
		return;
	bpf_map_update_elem(&windows, &tid, &w, BPF_ANY);
}

SEC("tracepoint/readahead/page_cache_ra_unbounded")
int ra_unbounded__tp(struct trace_event_raw_page_cache_ra_unbounded *ctx)
{
	open_window(ctx->s_dev, ctx->i_ino, ctx->index, ctx->nr_to_read);
	return 0;
}

SEC("tracepoint/readahead/page_cache_ra_order")
int ra_order__tp(struct trace_event_raw_page_cache_ra_order *ctx)
{
	open_window(ctx->s_dev, ctx->i_ino, ctx->index, ctx->size);
	return 0;
}

SEC("tracepoint/filemap/mm_filemap_add_to_page_cache")
int page_added__tp(struct trace_event_raw_mm_filemap_op_page_cache *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct page_key k = { .ino = ctx->i_ino, .index = ctx->index, .dev = ctx->s_dev };
	struct window *w = bpf_map_lookup_elem(&windows, &tid);
	__u64 now = bpf_ktime_get_ns(), first = k.index;
	__u32 n = 1;

	if (!w || w->dev != k.dev || w->ino != k.ino || k.index < w->first || k.index >= w->end)
		return 0;
	if (bpf_core_field_exists(ctx->order))
		n = 1U << (ctx->order & 15);
	for (__u32 i = 0; i < READAHEAD_FOLIO_PAGES && i < n; i++) {
		k.index = first + i;
		bpf_map_update_elem(&births, &k, &now, BPF_ANY);
	}
	__sync_fetch_and_add(&hist.total, n);
	__sync_fetch_and_add(&hist.unused, n);
	return 0;
}

/* Pages [first, last] were asked for: each read-ahead page among them is used. */
static __always_inline void used(__u32 dev, __u64 ino, __u64 first, __u64 last)
{
	struct page_key k = { .ino = ino, .dev = dev };
	__u64 now = bpf_ktime_get_ns(), *born;

	for (__u32 i = 0; i < READAHEAD_RANGE_PAGES && first + i <= last; i++) {
		k.index = first + i;
		born = bpf_map_lookup_elem(&births, &k);
		if (!born)
			continue;
		cs_hist_add(hist.slots, (now - *born) / 1000000);
		__sync_fetch_and_add(&hist.unused, -1);
		bpf_map_delete_elem(&births, &k);
	}
}

SEC("tracepoint/filemap/mm_filemap_get_pages")
int get_pages__tp(struct trace_event_raw_mm_filemap_op_page_cache_range *ctx)
{
	used(ctx->s_dev, ctx->i_ino, ctx->index, ctx->last_index);
	return 0;
}

SEC("tracepoint/filemap/mm_filemap_map_pages")
int map_pages__tp(struct trace_event_raw_mm_filemap_op_page_cache_range *ctx)
{
	used(ctx->s_dev, ctx->i_ino, ctx->index, ctx->last_index);
	return 0;
}

SEC("tracepoint/filemap/mm_filemap_fault")
int fault__tp(struct trace_event_raw_mm_filemap_fault *ctx)
{
	used(ctx->s_dev, ctx->i_ino, ctx->index, ctx->index);
	return 0;
}

SEC("tracepoint/filemap/mm_filemap_delete_from_page_cache")
int page_dropped__tp(struct trace_event_raw_mm_filemap_op_page_cache *ctx)
{
	struct page_key k = { .ino = ctx->i_ino, .dev = ctx->s_dev };
	__u64 first = ctx->index;
	__u32 n = 1;

	if (bpf_core_field_exists(ctx->order))
		n = 1U << (ctx->order & 15);
	for (__u32 i = 0; i < READAHEAD_FOLIO_PAGES && i < n; i++) {
		k.index = first + i;
		bpf_map_delete_elem(&births, &k);
	}
	return 0;
}
