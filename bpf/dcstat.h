/* dcstat: the counters, shared by bpf/dcstat.bpf.c and tools/dcstat.cpp. */
#pragma once

enum dcstat_kind {
	DCSTAT_REFS, /* lookup_fast: a path component looked up in the dcache */
	DCSTAT_SLOW, /* d_lookup: the slow path, under the rename lock */
	DCSTAT_MISS, /* d_lookup found nothing */
	DCSTAT_KINDS,
};
