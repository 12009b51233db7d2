/* profile: sample stacks on every CPU from a perf event (cpu-clock, F Hz)
 * and count them in the kernel by {pid, kernel stack, user stack, comm}.
 * The frontend opens one perf event per CPU and attaches do_perf_event to
 * each; the stacks themselves live in a BPF_MAP_TYPE_STACK_TRACE map whose
 * depth and size it sets before load. */
#include "corescope.bpf.h"
#include "maps.bpf.h"
#include "stacks.bpf.h"
#include "profile.h"

const volatile __u32 include_idle = 0;

CS_STACK_MAP(stackmap, PROFILE_MAX_STACK_DEPTH, PROFILE_STACK_STORAGE);
CS_COUNTS_MAP(counts, struct profile_key, PROFILE_MIN_COUNTS);

/* Samples not counted because the counts map was full. */

SEC("perf_event")
int do_perf_event(struct bpf_perf_event_data *ctx)
{
	struct profile_key key = {};
	__u64 id = bpf_get_current_pid_tgid();

	/* The idle task of each CPU has pid 0. */
	if (!include_idle && (__u32)id == 0)
		return 0;
	if (!cs_current_wanted())
		return 0;

	key.pid = id >> 32;
	bpf_get_current_comm(&key.comm, sizeof(key.comm));
	key.kern_stack_id = cs_kernel_stackid(ctx, &stackmap);
	key.user_stack_id = cs_user_stackid(ctx, &stackmap, false);
	cs_map_add(&counts, &key, 1, &cs_uncounted);
	return 0;
}
