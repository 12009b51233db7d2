/* tcplife: record shared by bpf/tcplife.bpf.c and tools/tcplife.cpp. */
#pragma once
#include "include/inet.h"
#include "include/sizes.h"

struct tcplife_event {
	__u64 ts_ns;    /* when it closed */
	__u64 span_ns;  /* established (or first state) to close */
	__u64 tx_bytes; /* bytes the peer acknowledged (tcp_sock.bytes_acked) */
	__u64 rx_bytes; /* bytes received (tcp_sock.bytes_received) */
	__u32 pid;
	__u32 pad;
	char comm[CS_COMM_LEN];
	struct cs_inet_ends ends;
};
