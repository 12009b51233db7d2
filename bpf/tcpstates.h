/* tcpstates: record shared by bpf/tcpstates.bpf.c and tools/tcpstates.cpp. */
#pragma once
#include "include/inet.h"
#include "include/sizes.h"

struct tcpstates_event {
	__u64 ts_ns;
	__u64 skaddr;   /* the socket's kernel address: one session's lines share it */
	__u64 delta_ns; /* time in the old state; 0 when the old state was not seen */
	__u32 pid;
	__u16 oldstate;
	__u16 newstate;
	char comm[CS_COMM_LEN];
	struct cs_inet_ends ends;
};
