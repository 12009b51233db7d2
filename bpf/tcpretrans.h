/* tcpretrans: record and count key shared by bpf/tcpretrans.bpf.c and tools/tcpretrans.cpp. */
#pragma once
#include "include/inet.h"
#include "include/sizes.h"

#define TCPRETRANS_RETRANSMIT 1 /* R: tcp_retransmit_skb */
#define TCPRETRANS_LOSS_PROBE 2 /* L: a tail loss probe (-l) */

struct tcpretrans_event {
	__u64 ts_ns;
	__u32 pid;
	__u16 state; /* the socket's TCP state */
	__u16 type;  /* TCPRETRANS_* */
	char comm[CS_COMM_LEN];
	struct cs_inet_ends ends;
};
