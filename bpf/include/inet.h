/* A connection's two ends, as the network tools' programs record them and
 * their frontends print them (common/system/inet_addr.h). */
#pragma once

#define CS_INET_MAX_PORTS 16 /* -L / -D lists (inet.bpf.h's port filters) */

struct cs_inet_ends {
	__u8 saddr[16]; /* local address; IPv4 in the first 4 bytes, the rest 0 */
	__u8 daddr[16]; /* remote address */
	__u16 sport;    /* local port, host byte order */
	__u16 dport;    /* remote port, host byte order */
	__u16 family;   /* AF_INET (2) or AF_INET6 (10) */
	__u16 pad;
};
