/* sigsnoop (and killsnoop): record shared by bpf/sigsnoop.bpf.c and
 * tools/sigsnoop.cpp. */
#pragma once
#include "include/sizes.h"

#define SIGSNOOP_COMM_LEN CS_COMM_LEN

/* Where the record came from (sigsnoop_event.source). */
#define SIGSNOOP_GENERATE 0 /* signal_generate: any signal the kernel sends */
#define SIGSNOOP_KILL 1     /* kill(2) */
#define SIGSNOOP_TKILL 2    /* tkill(2) */
#define SIGSNOOP_TGKILL 3   /* tgkill(2) */

/* Bits of the kill_syscalls knob, one per source above. */
#define SIGSNOOP_WANT(source) (1u << (source))

struct sigsnoop_event {
	__u64 ts_ns;
	__u32 pid;     /* sender's process ID */
	__u32 tid;     /* sender's thread ID */
	__s32 tpid;    /* target: thread ID, or kill()'s pid argument */
	__s32 sig;
	__s32 ret;     /* generate: the kernel's delivery result; syscalls: return value */
	__u32 source;  /* SIGSNOOP_* */
	char comm[SIGSNOOP_COMM_LEN];
	char tcomm[SIGSNOOP_COMM_LEN]; /* target's name (signal_generate only) */
};
