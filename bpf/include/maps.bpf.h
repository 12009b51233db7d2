/* Map idioms of the programs, written once.
 *
 *   cs_lookup_or_init(map, key, init)      key's entry, created as *init if absent
 *   cs_map_add(map, key, delta, lost)      a __u64 entry += delta, created if absent
 *   cs_map_take(map, key, &val)            a __u64 entry taken out of the map
 *   cs_start_set(map, key, now)            a timestamp (__u64) for key
 *   cs_start_take(map, key, now, &delta)   key's timestamp taken out: delta = now - it
 *   CS_MAP(type, name, key, value, entries) a map of that type
 *   CS_HASH_MAP(name, key, value, entries) a hash map
 *   CS_THREAD_MAP(name, value, entries)    thread id -> value, LRU
 *
 * Entries are created with BPF_NOEXIST: another CPU may have made the same
 * one meanwhile, and its counts must not be overwritten. */
#pragma once
#include "corescope.bpf.h"

/* What a tool could not count because a map was full (samples, waits,
 * entries): one name in every program, read by the frontend's
 * cs::warn_uncounted(). */
__u64 cs_uncounted = 0;

/* NULL when the map is full. */
static __always_inline void *cs_lookup_or_init(void *map, const void *key, const void *init)
{
	void *v = bpf_map_lookup_elem(map, key);

	if (v)
		return v;
	bpf_map_update_elem(map, key, init, BPF_NOEXIST);
	return bpf_map_lookup_elem(map, key);
}

/* lost: a global counting the additions a full map refused. */
static __always_inline void cs_map_add(void *map, const void *key, __u64 delta, __u64 *lost)
{
	__u64 *v = bpf_map_lookup_elem(map, key);

	if (!v) {
		if (bpf_map_update_elem(map, key, &delta, BPF_NOEXIST) == 0)
			return;
		v = bpf_map_lookup_elem(map, key); /* another CPU made it meanwhile */
	}
	if (v)
		__sync_fetch_and_add(v, delta);
	else if (delta)
		__sync_fetch_and_add(lost, 1);
}

/* False when key has no entry. */
static __always_inline bool cs_map_take(void *map, const void *key, __u64 *val)
{
	__u64 *v = bpf_map_lookup_elem(map, key);

	if (!v)
		return false;
	*val = *v;
	bpf_map_delete_elem(map, key);
	return true;
}

static __always_inline void cs_start_set(void *map, const void *key, __u64 now)
{
	bpf_map_update_elem(map, key, &now, BPF_ANY);
}

/* False when key has no timestamp.  delta may be negative (as __s64) where
 * the clocks of two CPUs disagree: the caller decides. */
static __always_inline bool cs_start_take(void *map, const void *key, __u64 now, __u64 *delta)
{
	__u64 ts;

	if (!cs_map_take(map, key, &ts))
		return false;
	*delta = now - ts;
	return true;
}

#define CS_MAP(map_type, name, key_type, value_type, entries)   \
	struct {                                                \
		__uint(type, map_type);                         \
		__uint(max_entries, entries);                   \
		__type(key, key_type);                          \
		__type(value, value_type);                      \
	} name SEC(".maps")

#define CS_HASH_MAP(name, key_type, value_type, entries) \
	CS_MAP(BPF_MAP_TYPE_HASH, name, key_type, value_type, entries)

/* LRU: an entry whose thread never comes back ages out instead of filling
 * the map. */
#define CS_THREAD_MAP(name, value_type, entries) \
	CS_MAP(BPF_MAP_TYPE_LRU_HASH, name, __u32, value_type, entries)
