/* runqlat: map layout shared by bpf/runqlat.bpf.c and tools/runqlat.cpp. */
#pragma once

#define RUNQLAT_COMM_LEN 16
#define RUNQLAT_SLOTS 27 /* == CS_MAX_SLOTS (bpf/include/histogram.bpf.h) */

/* What the histograms are keyed by (knob key_mode). */
#define RUNQLAT_KEY_NONE 0   /* one histogram, key RUNQLAT_KEY_ALL */
#define RUNQLAT_KEY_PID 1    /* per process: tgid */
#define RUNQLAT_KEY_TID 2    /* per thread: pid */
#define RUNQLAT_KEY_PIDNS 3  /* per PID namespace: its inode number */

#define RUNQLAT_KEY_ALL 0xffffffffu

/* Value of the `hists` hash map, key __u32 as above. */
struct runqlat_hist {
	__u32 slots[RUNQLAT_SLOTS];
	char comm[RUNQLAT_COMM_LEN]; /* first task counted under this key */
};
