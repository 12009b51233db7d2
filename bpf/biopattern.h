/* biopattern: map layout shared by bpf/biopattern.bpf.c and tools/biopattern.cpp. */
#pragma once

#define BIOPATTERN_MAX_DISKS 256

/* Value of the `counters` hash map, keyed by the disk's kernel dev_t.  The
 * counts only grow (the frontend takes differences per interval), so the
 * disk's last position survives an interval's end. */
struct biopattern_counter {
	__u64 next_sector; /* where the last completed request ended */
	__u64 sequential;  /* requests that started there */
	__u64 random;      /* requests that started elsewhere */
	__u64 bytes;       /* of the requests counted */
};
