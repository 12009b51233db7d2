/* fsdist: one log2 latency histogram per file operation (include/file_io.h),
 * shared by bpf/fsdist.bpf.c and tools/fsdist.cpp. */
#pragma once
#include "include/file_io.h"

struct fsdist_hist {
	__u32 slots[CS_HIST_SLOTS];
};
