/* profile: sample stacks on every CPU from a perf event (cpu-clock, F Hz)
 * and count them in the kernel by {pid, kernel stack, user stack, comm}.
 * The frontend opens one perf event per CPU and attaches do_perf_event to
 * each; the stacks themselves live in a BPF_MAP_TYPE_STACK_TRACE map whose
 * depth and size it sets before load. */
#include "corescope.bpf.h"
#include "profile.h"

#define EFAULT 14

const volatile __u32 user_stacks_only = 0;
const volatile __u32 kernel_stacks_only = 0;
const volatile __u32 include_idle = 0;

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, PROFILE_MAX_STACK_DEPTH * sizeof(__u64)); /* resized */
	__uint(max_entries, PROFILE_STACK_STORAGE);                  /* resized */
} stackmap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct profile_key);
	__type(value, __u64);
	__uint(max_entries, PROFILE_MIN_COUNTS); /* resized */
} counts SEC(".maps");

/* Samples not counted because the counts map was full. */
__u64 dropped_samples = 0;

SEC("perf_event")
int do_perf_event(struct bpf_perf_event_data *ctx)
{
	struct profile_key key = {};
	__u64 id = bpf_get_current_pid_tgid();
	__u64 one = 1, *val;

	/* The idle task of each CPU has pid 0. */
	if (!include_idle && (__u32)id == 0)
		return 0;
	if (!cs_current_wanted())
		return 0;

	key.pid = id >> 32;
	bpf_get_current_comm(&key.comm, sizeof(key.comm));
	/* No BPF_F_REUSE_STACKID: on a hash collision the new stack is
	 * reported as missed (-EEXIST) rather than silently replacing a stack
	 * other samples already point at. */
	key.kern_stack_id = user_stacks_only ? -EFAULT : bpf_get_stackid(ctx, &stackmap, 0);
	key.user_stack_id = kernel_stacks_only ? -EFAULT
					       : bpf_get_stackid(ctx, &stackmap, BPF_F_USER_STACK);

	val = bpf_map_lookup_elem(&counts, &key);
	if (val) {
		__sync_fetch_and_add(val, 1);
		return 0;
	}
	if (bpf_map_update_elem(&counts, &key, &one, BPF_NOEXIST) != 0) {
		/* Another CPU may have created it meanwhile. */
		val = bpf_map_lookup_elem(&counts, &key);
		if (val)
			__sync_fetch_and_add(val, 1);
		else
			__sync_fetch_and_add(&dropped_samples, 1);
	}
	return 0;
}
