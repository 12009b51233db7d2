/* Sockets' ends and the network tools' common filters: -4 / -6 and the
 * local and remote port lists (common/cli/inet_options.h sets the knobs). */
#pragma once
#include <bpf/bpf_endian.h>

#include "inet.h"

#define CS_AF_INET 2
#define CS_AF_INET6 10

const volatile __u16 cs_filter_family = 0; /* 0: both */
/* Ports to keep, host order; a 0 ends a list, an empty list keeps all. */
const volatile __u16 cs_filter_lports[CS_INET_MAX_PORTS] = {};
const volatile __u16 cs_filter_rports[CS_INET_MAX_PORTS] = {};

/* The ends of a socket, once it is bound or connected.  The local port is
 * the inet_sock's source port, not skc_num: closing a socket releases its
 * port (skc_num = 0) before the CLOSE state change is traced. */
static __always_inline void cs_inet_read(const struct sock *sk, struct cs_inet_ends *e)
{
	__builtin_memset(e, 0, sizeof(*e));
	e->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (e->family == CS_AF_INET6) {
		BPF_CORE_READ_INTO(&e->saddr, sk, __sk_common.skc_v6_rcv_saddr.in6_u.u6_addr8);
		BPF_CORE_READ_INTO(&e->daddr, sk, __sk_common.skc_v6_daddr.in6_u.u6_addr8);
	} else {
		BPF_CORE_READ_INTO((__u32 *)e->saddr, sk, __sk_common.skc_rcv_saddr);
		BPF_CORE_READ_INTO((__u32 *)e->daddr, sk, __sk_common.skc_daddr);
	}
	e->sport = bpf_ntohs(BPF_CORE_READ((struct inet_sock *)sk, inet_sport));
	e->dport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
}

static __always_inline bool cs_port_listed(const volatile __u16 *list, __u16 port)
{
	if (!list[0])
		return true;
	for (int i = 0; i < CS_INET_MAX_PORTS && list[i]; i++)
		if (list[i] == port)
			return true;
	return false;
}

/* True when the ends pass -4 / -6 and the port lists. */
static __always_inline bool cs_inet_wanted(const struct cs_inet_ends *e)
{
	if (cs_filter_family && e->family != cs_filter_family)
		return false;
	return cs_port_listed(cs_filter_lports, e->sport) &&
	       cs_port_listed(cs_filter_rports, e->dport);
}
