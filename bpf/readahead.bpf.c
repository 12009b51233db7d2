/* readahead: read-ahead pages that nobody used, and the age of those used.
 *
 * Built on the page cache's tracepoints where the kernel has them, so it
 * needs neither kprobes nor fentry (older kernels: the functions at the
 * end of this file): a thread opens a read-ahead window when readahead starts
 * (readahead/page_cache_ra_unbounded, page_cache_ra_order: file, first
 * page, pages), and the pages it then adds to the page cache of that file
 * inside the window (filemap/mm_filemap_add_to_page_cache) are read-ahead
 * pages, stamped by file and index.  A page is used when a read asks for it
 * (mm_filemap_get_pages) or a mapping faults it in (mm_filemap_fault,
 * mm_filemap_map_pages): its age goes into the histogram.  A page dropped
 * from the cache unused (mm_filemap_delete_from_page_cache) stays unused.
 * tp_btf and raw_tp read the file and the folio's size from the inode,
 * folio or mapping the tracepoint passes; the classic tracepoints from
 * their records. */
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

/* A read-ahead page added: stamped, counted. */
static __always_inline void pages_added(__u32 dev, __u64 ino, __u64 first, __u32 n)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct page_key k = { .ino = ino, .dev = dev };
	struct window *w = bpf_map_lookup_elem(&windows, &tid);
	__u64 now = bpf_ktime_get_ns();

	if (!w || w->dev != dev || w->ino != ino || first < w->first || first >= w->end)
		return;
	for (__u32 i = 0; i < READAHEAD_FOLIO_PAGES && i < n; i++) {
		k.index = first + i;
		bpf_map_update_elem(&births, &k, &now, BPF_ANY);
	}
	__sync_fetch_and_add(&hist.total, n);
	__sync_fetch_and_add(&hist.unused, n);
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

/* Pages left the cache: an unused one stays counted unused. */
static __always_inline void pages_dropped(__u32 dev, __u64 ino, __u64 first, __u32 n)
{
	struct page_key k = { .ino = ino, .dev = dev };

	for (__u32 i = 0; i < READAHEAD_FOLIO_PAGES && i < n; i++) {
		k.index = first + i;
		bpf_map_delete_elem(&births, &k);
	}
}

/* --- tp_btf and raw_tp: the inode, folio or mapping itself.  A file is
 * named by its super block's dev and its inode number. */

static __always_inline __u32 inode_dev(struct inode *inode)
{
	return BPF_CORE_READ(inode, i_sb, s_dev);
}

/* Pages of a folio, as folio_order() finds them: 2^order for a large folio
 * (PG_head set in its first word, the order in _flags_1), else 1. */
static __always_inline __u32 folio_pages(struct folio *folio)
{
	unsigned long flags = 0;

	bpf_probe_read_kernel(&flags, sizeof(flags), folio);
	if (!(flags & (1UL << bpf_core_enum_value(enum pageflags, PG_head))) ||
	    !bpf_core_field_exists(folio->_flags_1))
		return 1;
	return 1U << (BPF_CORE_READ(folio, _flags_1) & 15);
}

static __always_inline void on_folio(struct folio *folio, bool added)
{
	struct inode *host = BPF_CORE_READ(folio, mapping, host);
	__u32 dev = inode_dev(host), n = folio_pages(folio);
	__u64 ino = BPF_CORE_READ(host, i_ino), index = BPF_CORE_READ(folio, index);

	if (added)
		pages_added(dev, ino, index, n);
	else
		pages_dropped(dev, ino, index, n);
}

static __always_inline void on_mapping(struct address_space *mapping, __u64 first, __u64 last)
{
	struct inode *host = BPF_CORE_READ(mapping, host);

	used(inode_dev(host), BPF_CORE_READ(host, i_ino), first, last);
}

CS_BTF_RAW(page_cache_ra_unbounded, ra_unbounded,
	   open_window(inode_dev(inode), BPF_CORE_READ(inode, i_ino), index, nr_to_read),
	   struct inode *inode, unsigned long index, unsigned long nr_to_read)
CS_BTF_RAW(page_cache_ra_order, ra_order,
	   open_window(inode_dev(inode), BPF_CORE_READ(inode, i_ino), index, BPF_CORE_READ(ra, size)),
	   struct inode *inode, unsigned long index, struct file_ra_state *ra)
CS_BTF_RAW(mm_filemap_add_to_page_cache, page_added, on_folio(folio, true), struct folio *folio)
CS_BTF_RAW(mm_filemap_delete_from_page_cache, page_dropped, on_folio(folio, false), struct folio *folio)
CS_BTF_RAW(mm_filemap_get_pages, get_pages, on_mapping(mapping, index, last_index),
	   struct address_space *mapping, unsigned long index, unsigned long last_index)
CS_BTF_RAW(mm_filemap_map_pages, map_pages, on_mapping(mapping, index, last_index),
	   struct address_space *mapping, unsigned long index, unsigned long last_index)
CS_BTF_RAW(mm_filemap_fault, fault, on_mapping(mapping, index, index),
	   struct address_space *mapping, unsigned long index)

/* --- classic tracepoints: the records carry file, index and order. */

static __always_inline __u32 record_pages(struct trace_event_raw_mm_filemap_op_page_cache *ctx)
{
	return bpf_core_field_exists(ctx->order) ? 1U << (ctx->order & 15) : 1;
}

/* A classic tracepoint program over its record. */
#define RECORD_PROG(group, event, prog, record, stmt)       \
	SEC("tracepoint/" #group "/" #event)                \
	int prog##__tp(struct trace_event_raw_##record *ctx) \
	{                                                   \
		stmt;                                       \
		return 0;                                   \
	}

RECORD_PROG(readahead, page_cache_ra_unbounded, ra_unbounded, page_cache_ra_unbounded,
	    open_window(ctx->s_dev, ctx->i_ino, ctx->index, ctx->nr_to_read))
RECORD_PROG(readahead, page_cache_ra_order, ra_order, page_cache_ra_order,
	    open_window(ctx->s_dev, ctx->i_ino, ctx->index, ctx->size))
RECORD_PROG(filemap, mm_filemap_add_to_page_cache, page_added, mm_filemap_op_page_cache,
	    pages_added(ctx->s_dev, ctx->i_ino, ctx->index, record_pages(ctx)))
RECORD_PROG(filemap, mm_filemap_delete_from_page_cache, page_dropped, mm_filemap_op_page_cache,
	    pages_dropped(ctx->s_dev, ctx->i_ino, ctx->index, record_pages(ctx)))
RECORD_PROG(filemap, mm_filemap_get_pages, get_pages, mm_filemap_op_page_cache_range,
	    used(ctx->s_dev, ctx->i_ino, ctx->index, ctx->last_index))
RECORD_PROG(filemap, mm_filemap_map_pages, map_pages, mm_filemap_op_page_cache_range,
	    used(ctx->s_dev, ctx->i_ino, ctx->index, ctx->last_index))
RECORD_PROG(filemap, mm_filemap_fault, fault, mm_filemap_fault,
	    used(ctx->s_dev, ctx->i_ino, ctx->index, ctx->index))

/* --- Kernels without those tracepoints: the peer's functions, by fentry or
 * kprobe.  A thread is reading ahead while inside page_cache_ra_unbounded()
 * (or page_cache_ra_order(), 6.1+); a page or folio it allocates then
 * (__page_cache_alloc on 5.10, filemap_alloc_folio since 5.16,
 * filemap_alloc_folio_noprof since 6.10) is a read-ahead page, known by its
 * address; it is used when the kernel marks it accessed (mark_page_accessed
 * on 5.10, folio_mark_accessed since 5.16).  The frontend keeps the names
 * its kernel has. */

/* tid -> order of the folio being allocated (kprobes see it at entry). */
CS_THREAD_MAP(in_ra, __u32, 10240);

static __always_inline void ra_enter(void)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid(), zero = 0;

	if (cs_current_wanted())
		bpf_map_update_elem(&in_ra, &tid, &zero, BPF_ANY);
}

static __always_inline void ra_exit(void)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	bpf_map_delete_elem(&in_ra, &tid);
}

static __always_inline void alloc_enter(__u32 order)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u32 *o = bpf_map_lookup_elem(&in_ra, &tid);

	if (o)
		*o = order;
}

/* order: the allocation's (fexit), or ~0 for the one alloc_enter saved. */
static __always_inline void allocated(void *mem, __u32 order)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u32 *saved = bpf_map_lookup_elem(&in_ra, &tid), n;
	struct page_key k = { .ino = (__u64)mem };
	__u64 now = bpf_ktime_get_ns();

	if (!saved || !mem)
		return;
	n = 1U << ((order == ~0U ? *saved : order) & 15);
	bpf_map_update_elem(&births, &k, &now, BPF_ANY);
	__sync_fetch_and_add(&hist.total, n);
	__sync_fetch_and_add(&hist.unused, n);
}

static __always_inline void accessed(void *mem)
{
	struct page_key k = { .ino = (__u64)mem };
	__u64 *born = bpf_map_lookup_elem(&births, &k);

	if (!born)
		return;
	cs_hist_add(hist.slots, (bpf_ktime_get_ns() - *born) / 1000000);
	__sync_fetch_and_add(&hist.unused, -1);
	bpf_map_delete_elem(&births, &k);
}

/* fentry + kprobe of a void function's entry, fexit + kretprobe of its return. */
#define FN_ENTRY(fn, hook, stmt, args...)                 \
	CS_PROG("fentry/" #fn, hook##__fentry, stmt, ##args) \
	SEC("kprobe/" #fn)                                \
	int BPF_KPROBE(hook##__kprobe, ##args)            \
	{                                                 \
		stmt;                                     \
		return 0;                                 \
	}
#define FN_EXIT(fn, hook, stmt)                         \
	CS_PROG("fexit/" #fn, hook##__fexit, stmt)      \
	SEC("kretprobe/" #fn)                           \
	int BPF_KRETPROBE(hook##__kprobe)               \
	{                                               \
		stmt;                                   \
		return 0;                               \
	}

FN_ENTRY(page_cache_ra_unbounded, fn_ra_enter, ra_enter())
FN_EXIT(page_cache_ra_unbounded, fn_ra_exit, ra_exit())
FN_ENTRY(page_cache_ra_order, fn_order_enter, ra_enter())
FN_EXIT(page_cache_ra_order, fn_order_exit, ra_exit())

/* The allocations: fexit sees the arguments and the result together. */
#define ALLOC(fn, hook, type, order_expr, args...)                                           \
	CS_PROG("fexit/" #fn, hook##__fexit, allocated(ret, order_expr), args, type *ret) \
	SEC("kprobe/" #fn)                                                                   \
	int BPF_KPROBE(hook##_enter__kprobe, args)                                           \
	{                                                                                    \
		alloc_enter(order_expr);                                                     \
		return 0;                                                                    \
	}                                                                                    \
	SEC("kretprobe/" #fn)                                                                \
	int BPF_KRETPROBE(hook##_exit__kprobe, type *ret)                                    \
	{                                                                                    \
		allocated(ret, ~0U);                                                         \
		return 0;                                                                    \
	}

ALLOC(__page_cache_alloc, alloc_page, struct page, 0, gfp_t gfp)
ALLOC(filemap_alloc_folio, alloc_folio, struct folio, order, gfp_t gfp, unsigned int order)
ALLOC(filemap_alloc_folio_noprof, alloc_folio_np, struct folio, order, gfp_t gfp, unsigned int order)

FN_ENTRY(mark_page_accessed, access_page, accessed(page), struct page *page)
FN_ENTRY(folio_mark_accessed, access_folio, accessed(folio), struct folio *folio)
