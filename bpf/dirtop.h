/* dirtop: reads and writes under each directory asked for, shared by
 * bpf/dirtop.bpf.c and tools/dirtop.cpp. */
#pragma once
#include "include/file_io.h"

#define DIRTOP_MAX_DIRS 1024
#define DIRTOP_DEPTH 64 /* directories looked at above a file */

struct dirtop_dir {
	__u64 ino;
	__u32 dev; /* kernel dev_t: major << 20 | minor */
	__u32 pad;
};

struct dirtop_counts {
	__u64 reads;
	__u64 writes;
	__u64 read_bytes;
	__u64 write_bytes;
};
