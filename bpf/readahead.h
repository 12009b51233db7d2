/* readahead: layout shared by bpf/readahead.bpf.c and tools/readahead.cpp. */
#pragma once
#include "include/sizes.h"

#define READAHEAD_SLOTS CS_HIST_SLOTS
#define READAHEAD_MAX_PAGES 65536   /* read-ahead pages waited on at once */
#define READAHEAD_FOLIO_PAGES 512   /* pages of one folio counted, at most */
#define READAHEAD_RANGE_PAGES 1024  /* pages of one read looked up, at most */

/* The totals (a global in .bss): pages read ahead since the start, those not
 * used yet, and the log2 histogram of the age of used ones in msecs. */
struct readahead_hist {
	__s64 unused;
	__u64 total;
	__u32 slots[READAHEAD_SLOTS];
};
