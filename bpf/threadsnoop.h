/* threadsnoop: record shared by bpf/threadsnoop.bpf.c and tools/threadsnoop.cpp. */
#pragma once
#include "include/sizes.h"

#define THREADSNOOP_COMM_LEN CS_COMM_LEN
#define THREADSNOOP_EXE_END 512   /* names of the executable's path (dirpath.bpf.h) */
#define THREADSNOOP_NAME_MAX 128  /* one name with its NUL */

/* flags */
#define THREADSNOOP_HAVE_START 1u /* start holds pthread_create()'s start routine */
#define THREADSNOOP_HAVE_TID 2u   /* tid holds the new thread's ID (kernel hook) */
#define THREADSNOOP_EXE_COMPLETE 4u /* exe_names reach the root */

struct threadsnoop_event {
	__u64 ts_ns;
	__u64 start;     /* start routine address in the creating process */
	__u32 pid;       /* process that gained the thread */
	__u32 tid;       /* the new thread */
	__u32 ptid;      /* thread that created it */
	__u32 flags;
	char comm[THREADSNOOP_COMM_LEN]; /* of the creating thread */
	/* With a start routine: the creating process's executable and where its
	 * code is mapped (mm->start_code/end_code), so the routine can be named
	 * from the file once the process has exited. */
	__u64 code_start;
	__u64 code_end;
	__u32 exe_len; /* bytes used in exe_names: innermost name first */
	__u32 pad;
	char exe_names[THREADSNOOP_EXE_END + THREADSNOOP_NAME_MAX];
};
