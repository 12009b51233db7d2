/* pidpersec: count new tasks (processes and threads: each gets a PID) as
 * they are forked, from sched_process_fork.  The hook runs in the parent,
 * so the common filters (-p, -u, -c) select who forks.  The frontend swaps
 * the counter with zero once per second. */
#include "corescope.bpf.h"
#include "pidpersec.h"

__u64 forks = 0;

static __always_inline int on_fork(void)
{
	if (cs_current_wanted())
		__sync_fetch_and_add(&forks, 1);
	return 0;
}

CS_BTF_RAW(sched_process_fork, fork, on_fork(),
	   struct task_struct *parent, struct task_struct *child)

SEC("tracepoint/sched/sched_process_fork")
int fork__tp(void *ctx)
{
	return on_fork();
}
