/* klockstat: kernel mutex and rw-semaphore wait and hold times, by call path
 * (stack id) or, with per_thread, by thread.
 *
 * Two kinds of flavour:
 *  - fentry/fexit on mutex_lock(), down_read(), ... and their unlocks: every
 *    acquisition is timed from the call to the return (wait) and from the
 *    return to the unlock (hold), as libbpf-tools' klockstat does;
 *  - the lock:contention_begin/contention_end tracepoints (5.19+), as tp_btf,
 *    raw_tp or tracepoint, where the kernel has no BPF trampolines: only
 *    acquisitions that had to wait are seen, and only the wait is timed.
 *    They fire for every lock type; spinlocks and rwlocks are left out so
 *    both kinds report sleeping locks (mutex, rwsem, semaphore, rt-mutex).
 * A wait begins at the first begin for a lock: a mutex reports
 * begin(MUTEX|SPIN) before spinning and begin(MUTEX) before sleeping. */
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "klockstat.h"

#define LCB_F_SPIN (1U << 0)
#define LCB_F_MUTEX (1U << 5)

const volatile __u32 per_thread = 0;
const volatile __u64 filter_lock = 0;

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, KLOCKSTAT_MAX_ENTRIES);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, KLOCKSTAT_STACK_DEPTH * sizeof(__u64));
} stacks SEC(".maps");

/* A task waiting for or holding one lock. */
struct task_lock {
	__u64 task_id;
	__u64 lock;
};

struct lock_hold {
	__s32 stack_id;
	__u32 pad;
	__u64 try_at;
	__u64 acq_at;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, KLOCKSTAT_MAX_ENTRIES);
	__type(key, struct task_lock);
	__type(value, struct lock_hold);
} pending SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, KLOCKSTAT_MAX_ENTRIES);
	__type(key, __u32);
	__type(value, struct klockstat_stat);
} stats SEC(".maps");

/* Waits not recorded: no stack id (stack map full) or stats map full. */

static __always_inline bool wanted(__u64 lock)
{
	if (filter_lock && filter_lock != lock)
		return false;
	return cs_current_wanted();
}

/* A wait for `lock` starts.  keep: an earlier begin for it stays (the
 * contention tracepoints can report several per wait). */
static __always_inline void lock_begin(void *ctx, __u64 lock, bool keep)
{
	struct task_lock key = {.task_id = bpf_get_current_pid_tgid(), .lock = lock};
	struct lock_hold h = {};

	if (!wanted(lock))
		return;
	if (keep && bpf_map_lookup_elem(&pending, &key))
		return;
	if (!per_thread) {
		h.stack_id = bpf_get_stackid(ctx, &stacks, BPF_F_FAST_STACK_CMP);
		if (h.stack_id < 0) {
			__sync_fetch_and_add(&cs_uncounted, 1);
			return;
		}
	}
	h.try_at = bpf_ktime_get_ns();
	bpf_map_update_elem(&pending, &key, &h, BPF_ANY);
}

static __always_inline void lock_abort(__u64 lock)
{
	struct task_lock key = {.task_id = bpf_get_current_pid_tgid(), .lock = lock};

	bpf_map_delete_elem(&pending, &key);
}

static __always_inline struct klockstat_stat *stat_of(struct lock_hold *h, __u64 task_id)
{
	__u32 key = per_thread ? (__u32)task_id : (__u32)h->stack_id;
	struct klockstat_stat *s = bpf_map_lookup_elem(&stats, &key);
	struct klockstat_stat fresh = {};

	if (s)
		return s;
	if (per_thread)
		bpf_get_current_comm(fresh.comm, sizeof(fresh.comm));
	bpf_map_update_elem(&stats, &key, &fresh, BPF_NOEXIST);
	s = bpf_map_lookup_elem(&stats, &key);
	if (!s)
		__sync_fetch_and_add(&cs_uncounted, 1);
	return s;
}

/* Several CPUs may update one entry (same call path): sums are atomic; the
 * maximum and who had it may race, as in libbpf-tools. */
static __always_inline void account_wait(struct klockstat_stat *s, struct lock_hold *h,
					 __u64 task_id, __u64 lock)
{
	__u64 delta = h->acq_at - h->try_at;

	__sync_fetch_and_add(&s->acq_count, 1);
	__sync_fetch_and_add(&s->acq_total_ns, delta);
	if (delta > s->acq_max_ns) {
		s->acq_max_ns = delta;
		s->acq_max_id = task_id;
		s->acq_max_lock = lock;
		bpf_get_current_comm(s->acq_max_comm, sizeof(s->acq_max_comm));
	}
}

static __always_inline void account_hold(struct klockstat_stat *s, struct lock_hold *h,
					 __u64 task_id, __u64 lock, __u64 now)
{
	__u64 delta = now - h->acq_at;

	__sync_fetch_and_add(&s->hld_count, 1);
	__sync_fetch_and_add(&s->hld_total_ns, delta);
	if (delta > s->hld_max_ns) {
		s->hld_max_ns = delta;
		s->hld_max_id = task_id;
		s->hld_max_lock = lock;
		bpf_get_current_comm(s->hld_max_comm, sizeof(s->hld_max_comm));
	}
}

/* --- fentry/fexit: the wait and the hold are accounted at release. */

static __always_inline void lock_acquired(__u64 lock)
{
	struct task_lock key = {.task_id = bpf_get_current_pid_tgid(), .lock = lock};
	struct lock_hold *h = bpf_map_lookup_elem(&pending, &key);

	if (h)
		h->acq_at = bpf_ktime_get_ns();
}

static __always_inline void lock_released(__u64 lock)
{
	struct task_lock key = {.task_id = bpf_get_current_pid_tgid(), .lock = lock};
	struct lock_hold *h = bpf_map_lookup_elem(&pending, &key);
	struct klockstat_stat *s;
	__u64 now;

	if (!h || !h->acq_at)
		return;
	now = bpf_ktime_get_ns();
	s = stat_of(h, key.task_id);
	if (s) {
		account_wait(s, h, key.task_id, lock);
		account_hold(s, h, key.task_id, lock, now);
	}
	bpf_map_delete_elem(&pending, &key);
}

/* A lock call that returns 0 on success (the _interruptible and _killable ones). */
static __always_inline void lock_returned(__u64 lock, long ret)
{
	if (ret)
		lock_abort(lock);
	else
		lock_acquired(lock);
}

/* A trylock that returns 1 on success: a wait of zero. */
static __always_inline void trylock_returned(void *ctx, __u64 lock, long ret)
{
	if (ret == 1) {
		lock_begin(ctx, lock, false);
		lock_acquired(lock);
	}
}

/* fentry on a lock call: the wait begins. */
#define LOCK_ENTRY(fn, type) \
	CS_PROG("fentry/" #fn, fn##__fentry, lock_begin(ctx, (__u64)lock, false), type *lock)

/* A lock call that always gets the lock. */
#define LOCK(fn, type)    \
	LOCK_ENTRY(fn, type) \
	CS_PROG("fexit/" #fn, fn##_exit__fexit, lock_acquired((__u64)lock), type *lock)

/* One that returns 0 when it got the lock. */
#define LOCK_RET(fn, type) \
	LOCK_ENTRY(fn, type)  \
	CS_PROG("fexit/" #fn, fn##_exit__fexit, lock_returned((__u64)lock, ret), type *lock, long ret)

#define TRYLOCK(fn, type)                                                            \
	CS_PROG("fexit/" #fn, fn##_exit__fexit, trylock_returned(ctx, (__u64)lock, ret), \
		type *lock, long ret)

#define UNLOCK(fn, type) CS_PROG("fentry/" #fn, fn##__fentry, lock_released((__u64)lock), type *lock)

LOCK(mutex_lock, struct mutex)
LOCK_RET(mutex_lock_interruptible, struct mutex)
LOCK_RET(mutex_lock_killable, struct mutex)
TRYLOCK(mutex_trylock, struct mutex)
UNLOCK(mutex_unlock, struct mutex)

LOCK(down_read, struct rw_semaphore)
LOCK_RET(down_read_killable, struct rw_semaphore)
TRYLOCK(down_read_trylock, struct rw_semaphore)
UNLOCK(up_read, struct rw_semaphore)

LOCK(down_write, struct rw_semaphore)
LOCK_RET(down_write_killable, struct rw_semaphore)
TRYLOCK(down_write_trylock, struct rw_semaphore)
UNLOCK(up_write, struct rw_semaphore)

/* down_read_interruptible() exists from 5.14 on: optional hooks of the fentry
 * flavour (the frontend's HookPlan), loaded where the kernel has it. */
CS_PROG("fentry/down_read_interruptible", down_read_interruptible_entry__fentry,
	lock_begin(ctx, (__u64)lock, false), struct rw_semaphore *lock)
CS_PROG("fexit/down_read_interruptible", down_read_interruptible_exit__fexit,
	lock_returned((__u64)lock, ret), struct rw_semaphore *lock, long ret)

/* --- contention tracepoints: the wait is accounted when it ends. */

static __always_inline void on_contention_begin(void *ctx, __u64 lock, __u32 flags)
{
	if ((flags & LCB_F_SPIN) && !(flags & LCB_F_MUTEX))
		return;  /* a spinlock or rwlock */
	lock_begin(ctx, lock, true);
}

static __always_inline void on_contention_end(__u64 lock, int ret)
{
	struct task_lock key = {.task_id = bpf_get_current_pid_tgid(), .lock = lock};
	struct lock_hold *h = bpf_map_lookup_elem(&pending, &key);
	struct klockstat_stat *s;

	if (!h)
		return;
	if (ret == 0) {
		h->acq_at = bpf_ktime_get_ns();
		s = stat_of(h, key.task_id);
		if (s)
			account_wait(s, h, key.task_id, lock);
	}
	bpf_map_delete_elem(&pending, &key);
}

CS_BTF_RAW(contention_begin, contention_begin, on_contention_begin(ctx, (__u64)lock, flags),
	   void *lock, unsigned int flags)

CS_BTF_RAW(contention_end, contention_end, on_contention_end((__u64)lock, ret), void *lock, int ret)

SEC("tracepoint/lock/contention_begin")
int contention_begin__tp(struct trace_event_raw_contention_begin *ctx)
{
	on_contention_begin(ctx, (__u64)ctx->lock_addr, ctx->flags);
	return 0;
}

SEC("tracepoint/lock/contention_end")
int contention_end__tp(struct trace_event_raw_contention_end *ctx)
{
	on_contention_end((__u64)ctx->lock_addr, ctx->ret);
	return 0;
}
