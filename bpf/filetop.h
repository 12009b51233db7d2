/* filetop: reads and writes per thread and file, shared by bpf/filetop.bpf.c
 * and tools/filetop.cpp. */
#pragma once
#include "include/file_io.h"

struct filetop_key {
	__u64 ino;
	__u32 dev;  /* the super block's (kernel dev_t) */
	__u32 rdev; /* a device file's device */
	__u32 pid;
	__u32 tid;
};

struct filetop_value {
	__u64 reads;
	__u64 writes;
	__u64 read_bytes;
	__u64 write_bytes;
	char comm[CS_COMM_LEN];
	char name[CS_FILE_NAME_MAX];
	char kind; /* CS_FILE_REGULAR, CS_FILE_SOCKET, CS_FILE_OTHER */
};
