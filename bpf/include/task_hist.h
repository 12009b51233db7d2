/* Per-task log2 histograms in a BPF hash map {__u32 key -> struct
 * cs_task_hist}, keyed by process, thread or PID namespace, each carrying
 * the name of the first task counted under its key.  Shared by the BPF side
 * (task_hist.bpf.h) and the frontends (common/task_hists.h): plain C with
 * fixed-width types only. */
#pragma once
#include "sizes.h"

#define CS_TASK_HIST_SLOTS CS_HIST_SLOTS
#define CS_TASK_COMM_LEN CS_COMM_LEN

/* What the histograms are keyed by (a tool's key_mode knob). */
#define CS_TASK_KEY_NONE 0  /* one histogram, under CS_TASK_KEY_ALL */
#define CS_TASK_KEY_PID 1   /* per process: tgid */
#define CS_TASK_KEY_TID 2   /* per thread: pid */
#define CS_TASK_KEY_PIDNS 3 /* per PID namespace: its inode number */

#define CS_TASK_KEY_ALL 0xffffffffu

struct cs_task_hist {
	__u32 slots[CS_TASK_HIST_SLOTS];
	char comm[CS_TASK_COMM_LEN]; /* first task counted (its leader's name per process) */
};
