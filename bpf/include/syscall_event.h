/* One syscall of a family, reported when it returns, with its arguments and
 * the user strings some of them point to (bpf/include/syscall_event.bpf.h
 * fills it; common/system/syscall_event.h reads it).  Plain C: both sides. */
#pragma once
#include "sizes.h"

#define CS_SYSCALL_ARGS 6
#define CS_SYSCALL_STR_MAX 4096   /* PATH_MAX: one string, its NUL included */
#define CS_SYSCALL_STRS_END 16384 /* power of two: every string starts before it */
#define CS_SYSCALL_DATA_SIZE (CS_SYSCALL_STRS_END + CS_SYSCALL_STR_MAX)

/* Variable-length: the header, then str_size[i] bytes for each argument i
 * that the tool reads as a string (0 for the others, or when the pointer
 * could not be read), in argument order, each NUL-terminated. */
struct cs_syscall_event {
	__u64 ts_ns;  /* at the return */
	__u64 lat_ns; /* from the entry */
	__u64 args[CS_SYSCALL_ARGS];
	__s64 ret;
	__u32 nr;
	__u32 pid;
	__u32 tid;
	__u32 uid;
	__u32 mnt_ns;
	__u16 str_size[CS_SYSCALL_ARGS];
	char comm[CS_COMM_LEN];
	char data[CS_SYSCALL_DATA_SIZE];
};
