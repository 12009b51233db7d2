/* threadsnoop: record shared by bpf/threadsnoop.bpf.c and tools/threadsnoop.cpp. */
#pragma once

#define THREADSNOOP_COMM_LEN 16

/* flags */
#define THREADSNOOP_HAVE_START 1u /* start holds pthread_create()'s start routine */
#define THREADSNOOP_HAVE_TID 2u   /* tid holds the new thread's ID (kernel hook) */

struct threadsnoop_event {
	__u64 ts_ns;
	__u64 start;     /* start routine address in the creating process */
	__u32 pid;       /* process that gained the thread */
	__u32 tid;       /* the new thread */
	__u32 ptid;      /* thread that created it */
	__u32 flags;
	char comm[THREADSNOOP_COMM_LEN]; /* of the creating thread */
};
