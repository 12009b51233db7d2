/* Counting into per-task log2 histograms (task_hist.h) from any hook that
 * holds the task_struct, current or not:
 *
 *   CS_TASK_HISTS(hists);
 *   cs_task_hist_add(&hists, task, key_mode, delta_us);
 */
#pragma once
#include "histogram.bpf.h"
#include "maps.bpf.h"
#include "sched.bpf.h"
#include "task_hist.h"

#define CS_TASK_HISTS(name) CS_HASH_MAP(name, __u32, struct cs_task_hist, 10240)

static const struct cs_task_hist cs_empty_task_hist;

/* Adds `value` (already in the histogram's unit) to t's histogram. */
static __always_inline void cs_task_hist_add(void *hists, struct task_struct *t, __u32 key_mode,
					     __u64 value)
{
	struct task_struct *named = t;
	struct cs_task_hist *h;
	__u32 key;

	switch (key_mode) {
	case CS_TASK_KEY_PID:
		key = BPF_CORE_READ(t, tgid);
		named = BPF_CORE_READ(t, group_leader);
		break;
	case CS_TASK_KEY_TID:
		key = BPF_CORE_READ(t, pid);
		break;
	case CS_TASK_KEY_PIDNS:
		key = cs_task_pidns(t);
		break;
	default:
		key = CS_TASK_KEY_ALL;
	}
	h = cs_lookup_or_init(hists, &key, &cs_empty_task_hist);
	if (!h)
		return;
	if (!h->comm[0])
		bpf_probe_read_kernel_str(h->comm, sizeof(h->comm), &named->comm);
	cs_hist_add(h->slots, value);
}
