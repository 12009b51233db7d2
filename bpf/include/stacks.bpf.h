/* Counting by stack: the stack-trace map, the -U / -K knobs and the stack
 * ids of `current`, for profile and the off-CPU tools (stack_counts.bpf.h).
 *
 *   CS_STACK_MAP(name, depth, storage)     stack id -> frames
 *   CS_COUNTS_MAP(name, key_type, entries) key -> __u64 sum
 *   cs_kernel_stackid(ctx, map)            -EFAULT with -U
 *   cs_user_stackid(ctx, map, skip)        -EFAULT with -K or skip
 *
 * Stack ids follow bpf_get_stackid(): >= 0 an id in the stack-trace map,
 * -EFAULT "no such stack here" (not collected, or a kernel thread's user
 * stack), any other negative value a stack the map could not store. */
#pragma once
#include "corescope.bpf.h"
#include "maps.bpf.h"

#ifndef EFAULT
#define EFAULT 14
#endif

/* -U / -K. */
const volatile __u32 cs_user_stacks_only = 0;
const volatile __u32 cs_kernel_stacks_only = 0;

/* The frontend sets both sizes before load (cs::size_stack_map). */
#define CS_STACK_MAP(name, depth, storage)                              \
	struct {                                                        \
		__uint(type, BPF_MAP_TYPE_STACK_TRACE);                 \
		__uint(key_size, sizeof(__u32));                        \
		__uint(value_size, (depth) * sizeof(__u64));            \
		__uint(max_entries, storage);                           \
	} name SEC(".maps")

/* entries: the least; the frontend sizes it to the stack storage. */
#define CS_COUNTS_MAP(name, key_type, entries) CS_HASH_MAP(name, key_type, __u64, entries)

/* No BPF_F_REUSE_STACKID: on a hash collision the newer stack is reported
 * as missed (-EEXIST) instead of silently replacing one that counted
 * entries already point at. */
#define cs_kernel_stackid(ctx, map) \
	(cs_user_stacks_only ? -EFAULT : bpf_get_stackid(ctx, map, 0))
#define cs_user_stackid(ctx, map, skip) \
	((cs_kernel_stacks_only || (skip)) ? -EFAULT : bpf_get_stackid(ctx, map, BPF_F_USER_STACK))
