/* bitesize: map layout shared by bpf/bitesize.bpf.c and tools/bitesize.cpp. */
#pragma once
#include "include/sizes.h"

#define BITESIZE_SLOTS CS_HIST_SLOTS
#define BITESIZE_MAX_COMMS 10240

/* Key of the `hists` hash map: the comm of the task that issued the I/O. */
struct bitesize_key {
	char comm[CS_COMM_LEN];
};

/* Value of `hists`: log2 slots of the request size in kbytes. */
struct bitesize_hist {
	__u32 slots[BITESIZE_SLOTS];
};
