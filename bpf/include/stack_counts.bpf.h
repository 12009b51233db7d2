/* Helpers for the off-CPU stack tools (offcputime, wakeuptime, offwaketime,
 * futexctn): counts of time or events keyed by stack ids.
 *
 *   cs_counts_add(map, key, delta)  *map[key] += delta, creating the entry
 *   cs_is_kthread(t)                PF_KTHREAD
 *   cs_block_wanted(delta_ns)       within the -m / -M bounds
 *   cs_thread_wanted(t)             -u / -k / --state and the common filters
 *   cs_user_stack_meaningful(ctx)   current is in a syscall, not an interrupt
 *   CS_OFFCPU_MAPS(key_type, ...)   offcputime's and offwaketime's maps, and
 *   cs_switch_in(tid)               their sum when a thread runs again
 *
 * The stack ids and maps themselves: stacks.bpf.h. */
#pragma once
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "sched.bpf.h"
#include "stacks.bpf.h"

#define CS_PF_KTHREAD 0x00200000

/* -m / -M in nanoseconds (the frontends take microseconds). */
const volatile __u64 cs_min_block_ns = 0;
const volatile __u64 cs_max_block_ns = (__u64)-1;

/* -u / -k. */
const volatile __u32 cs_user_threads_only = 0;
const volatile __u32 cs_kernel_threads_only = 0;
/* --state: 0 = any state; otherwise the mask + 1 (so that --state 0 works). */
const volatile __u32 cs_filter_state = 0;

static __always_inline bool cs_is_kthread(struct task_struct *t)
{
	return BPF_CORE_READ(t, flags) & CS_PF_KTHREAD;
}

static __always_inline bool cs_block_wanted(__s64 delta_ns)
{
	return delta_ns >= 0 && (__u64)delta_ns >= cs_min_block_ns && (__u64)delta_ns <= cs_max_block_ns;
}

/* Does current's user stack explain what current does in the kernel right
 * now?  Only in a syscall, in task context.  A wakeup from an interrupt
 * runs on top of whichever task it interrupted, whose user stack has
 * nothing to do with it (and, being a random spot, would fill the stack
 * map with noise).  Two signs, neither needing the per-CPU preempt count
 * (which the verifier can only find through kallsyms, and kallsyms lacks
 * it without CONFIG_KALLSYMS_ALL):
 *
 *  - The stack the tracepoint fired on.  Hard IRQs and softirqs that
 *    interrupt kernel code, and NMIs, run on per-CPU stacks of their own.
 *    tp_btf and raw_tp programs get as ctx the argument array that
 *    bpf_trace_run<N>() keeps on that stack: pass their ctx as stack_ctx.
 *    Classic tracepoints get a per-CPU buffer instead: pass NULL.  (The BPF
 *    program's own frame cannot serve: since 6.13 tracing programs may run
 *    on a private per-CPU stack.)
 *  - How the task entered the kernel.  Interrupts from user mode run on
 *    the task's stack, but every x86 IDT entry (interrupts, exceptions)
 *    stores -1 in the saved orig_ax; a syscall stores its number. */
#define CS_THREAD_SIZE (16 * 1024) /* x86-64 kernel stacks, without KASAN */

static __always_inline bool cs_user_stack_meaningful(const void *stack_ctx)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	__u64 stack = (__u64)BPF_CORE_READ(t, stack), at = 0;
	struct pt_regs *regs;
	long orig_ax;

	if (!stack || cs_is_kthread(t))
		return false;
	if (stack_ctx) {
		/* The pointer as a number (pointer arithmetic is not for BPF). */
		bpf_probe_read_kernel(&at, sizeof(at), &stack_ctx);
		if (at < stack || at >= stack + CS_THREAD_SIZE)
			return false;
	}
	/* The user registers at the top of the task's stack (the helper knows
	 * the padding x86 FRED adds there; kernels before 5.15 have none). */
	if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_task_pt_regs))
		regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
	else
		regs = (struct pt_regs *)(stack + CS_THREAD_SIZE - bpf_core_type_size(struct pt_regs));
	orig_ax = (long)BPF_CORE_READ(regs, orig_ax);
	return orig_ax >= 0;
}

/* The thread filters of the sched_switch tools, for a task leaving the CPU
 * (not the idle task). */
static __always_inline bool cs_thread_wanted(struct task_struct *t)
{
	bool kthread = cs_is_kthread(t);
	__u32 s;

	if ((cs_user_threads_only && kthread) || (cs_kernel_threads_only && !kthread))
		return false;
	if (cs_filter_state) {
		s = cs_task_state(t);
		/* bcc's meaning: 0 is exactly TASK_RUNNING (preempted), else a mask. */
		if (cs_filter_state == 1 ? s != 0 : !(s & (cs_filter_state - 1)))
			return false;
	}
	return cs_sched_task_wanted(t);
}

/* Adds delta to a __u64 counter keyed by *key in a hash map. */
#define cs_counts_add(map, key, delta) cs_map_add(map, key, delta, &cs_uncounted)

/* A thread leaving the CPU parks its key (stacks and all) in `start` with
 * the time; when it runs again the time away is added to `counts`. */
#define CS_OFFCPU_MAPS(key_type, threads, depth, storage, min_counts)                 \
	struct start_val {                                                          \
		__u64 ts;                                                           \
		key_type key;                                                       \
	};                                                                          \
	CS_THREAD_MAP(start, struct start_val, threads);                           \
	CS_STACK_MAP(stackmap, depth, storage);                                     \
	CS_COUNTS_MAP(counts, key_type, min_counts);                                \
                                                                                    \
	static __always_inline void cs_switch_in(__u32 tid)                         \
	{                                                                           \
		struct start_val *v = bpf_map_lookup_elem(&start, &tid);            \
		__s64 delta;                                                        \
                                                                                    \
		if (!v)                                                             \
			return;                                                     \
		delta = bpf_ktime_get_ns() - v->ts;                                 \
		if (cs_block_wanted(delta))                                         \
			cs_counts_add(&counts, &v->key, delta);                     \
		bpf_map_delete_elem(&start, &tid);                                  \
	}
