/* futexctn: futex contention.  A thread entering futex(FUTEX_WAIT) gets its
 * start time and futex address stored; when the call returns 0 (it slept and
 * was woken) the wait is added to a log2 histogram keyed by {thread, futex
 * address, user stack}.  Errors (EAGAIN: the word changed first, ETIMEDOUT,
 * EINTR) are not contention and are dropped, as in libbpf-tools.
 *
 * tp_btf / raw_tp see every syscall and keep only futex (x86-64 number);
 * the tracepoint flavour uses the syscalls:sys_{enter,exit}_futex events. */
#include "corescope.bpf.h"
#include "histogram.bpf.h"
#include "stack_counts.bpf.h"
#include "futexctn.h"

#define NR_futex 202 /* x86-64 */
#define FUTEX_WAIT 0
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME)

const volatile __u64 filter_lock = 0; /* -l */
const volatile __u32 use_ms = 0;      /* -m */
const volatile __u32 summary = 0;     /* -s: per process, no stacks */

struct start_val {
	__u64 ts;
	__u64 uaddr;
};

/* Thread id -> the FUTEX_WAIT it is in. */
CS_THREAD_MAP(start, struct start_val, FUTEXCTN_MAX_ENTRIES);
CS_STACK_MAP(stackmap, FUTEXCTN_MAX_STACK_DEPTH, FUTEXCTN_STACK_STORAGE);

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, FUTEXCTN_MAX_ENTRIES);
	__type(key, struct futexctn_key);
	__type(value, struct futexctn_hist);
} hists SEC(".maps");

static const struct futexctn_hist empty_hist = {.min = ~0ULL};

static __always_inline void on_enter(__u64 uaddr, int op)
{
	struct start_val v;
	__u32 tid;

	if ((op & FUTEX_CMD_MASK) != FUTEX_WAIT)
		return;
	if (filter_lock && uaddr != filter_lock)
		return;
	if (!cs_current_wanted())
		return;
	tid = (__u32)bpf_get_current_pid_tgid();
	v.ts = bpf_ktime_get_ns();
	v.uaddr = uaddr;
	bpf_map_update_elem(&start, &tid, &v, BPF_ANY);
}

static __always_inline void on_exit(void *ctx, long ret)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct futexctn_key key = {};
	struct futexctn_hist *h;
	struct start_val *v;
	__u32 tid = (__u32)id;
	__s64 delta;
	__u64 t;

	v = bpf_map_lookup_elem(&start, &tid);
	if (!v)
		return;
	delta = bpf_ktime_get_ns() - v->ts;
	key.uaddr = v->uaddr;
	bpf_map_delete_elem(&start, &tid);
	if (ret < 0 || delta < 0)
		return;
	key.pid = id >> 32;
	if (summary) {
		key.user_stack_id = -EFAULT;
	} else {
		key.tid = tid;
		key.user_stack_id = bpf_get_stackid(ctx, &stackmap, BPF_F_USER_STACK);
	}
	h = cs_lookup_or_init(&hists, &key, &empty_hist);
	if (!h) {
		__sync_fetch_and_add(&cs_uncounted, 1);
		return;
	}
	t = (__u64)delta / (use_ms ? 1000000 : 1000);
	cs_hist_add(h->slots, t);
	__sync_fetch_and_add(&h->contended, 1);
	__sync_fetch_and_add(&h->total, t);
	/* Racy between CPUs (compare-and-swap needs 5.12); a lost update
	 * only leaves min/max a little less extreme. */
	if (t < h->min)
		h->min = t;
	if (t > h->max)
		h->max = t;
	bpf_get_current_comm(&h->comm, sizeof(h->comm));
}

CS_BTF_RAW(sys_enter, sys_enter,
	   if (nr == NR_futex) on_enter(BPF_CORE_READ(regs, di), (int)BPF_CORE_READ(regs, si)),
	   struct pt_regs *regs, long nr)

CS_BTF_RAW(sys_exit, sys_exit, if (BPF_CORE_READ(regs, orig_ax) == NR_futex) on_exit(ctx, ret),
	   struct pt_regs *regs, long ret)

SEC("tracepoint/syscalls/sys_enter_futex")
int sys_enter_futex__tp(struct syscall_trace_enter *ctx)
{
	on_enter(ctx->args[0], (int)ctx->args[1]);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_futex")
int sys_exit_futex__tp(struct syscall_trace_exit *ctx)
{
	on_exit(ctx, ctx->ret);
	return 0;
}
