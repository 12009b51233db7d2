/* wqlat: map layout shared by bpf/wqlat.bpf.c and tools/wqlat.cpp. */
#pragma once
#include "include/sizes.h"

#define WQLAT_NAME_LEN 32 /* the kernel's WQ_NAME_LEN: 24 on older kernels, then 32 */
#define WQLAT_SLOTS CS_HIST_SLOTS

/* Key of the `hists` hash map: the workqueue's name (-W), NUL-padded, or
 * all zero for the one histogram of every workqueue. */
struct wqlat_key {
	char name[WQLAT_NAME_LEN];
};

struct wqlat_hist {
	__u32 slots[WQLAT_SLOTS];
};
