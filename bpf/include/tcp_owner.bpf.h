/* The process a TCP socket belongs to, for hooks that run where `current`
 * may be anyone (state changes in softirq context: tcplife, tcpstates).
 *
 * It is taken where the kernel is sure to run in the owner: listen()
 * (LISTEN) and connect() (SYN_SENT) name the owner; a session accepted from
 * a listener inherits the listener's owner when it is cloned from it
 * (LISTEN -> SYN_RECV; with several listeners on one port, SO_REUSEPORT,
 * the last one to listen); close() of a session (FIN_WAIT1 when it closes
 * first, LAST_ACK when second) names it unless connect() did: the process
 * that closes an accepted session is the one that had it (a listener's
 * worker, after fork). */
#pragma once
#include "corescope.bpf.h"
#include "inet.bpf.h"
#include "maps.bpf.h"
#include "sizes.h"

struct cs_tcp_owner {
	__u32 pid;
	__u16 wanted;    /* the process passed the common filters */
	__u16 inherited; /* taken from the listener: close() may correct it */
	char comm[CS_COMM_LEN];
};

/* Keyed by the socket's address; a socket evicted before it closes is
 * reported with `current` instead. */
CS_MAP(BPF_MAP_TYPE_LRU_HASH, cs_tcp_owners, __u64, struct cs_tcp_owner, 10240);
/* Listeners' owners by network namespace, family and port. */
CS_MAP(BPF_MAP_TYPE_LRU_HASH, cs_tcp_listeners, __u64, struct cs_tcp_owner, 1024);

static __always_inline __u64 cs_tcp_listen_key(const struct sock *sk)
{
	__u64 ns = BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	__u16 port = BPF_CORE_READ((struct inet_sock *)sk, inet_sport);

	return ns << 32 | (__u32)family << 16 | port;
}

/* Call on every state change of sk, before cs_tcp_owner_get(). */
static __always_inline void cs_tcp_owner_note(const struct sock *sk, int oldstate, int newstate)
{
	__u64 key = (__u64)sk, lkey;
	struct cs_tcp_owner o = {}, *known;

	if (oldstate == TCP_LISTEN && newstate == TCP_SYN_RECV) {
		lkey = cs_tcp_listen_key(sk);
		known = bpf_map_lookup_elem(&cs_tcp_listeners, &lkey);
		if (known) {
			o = *known;
			o.inherited = 1;
			bpf_map_update_elem(&cs_tcp_owners, &key, &o, BPF_ANY);
		}
		return;
	}
	if (oldstate == TCP_LISTEN && newstate == TCP_CLOSE) {
		lkey = cs_tcp_listen_key(sk);
		bpf_map_delete_elem(&cs_tcp_listeners, &lkey);
		return;
	}
	if (newstate == TCP_FIN_WAIT1 || newstate == TCP_LAST_ACK) {
		known = bpf_map_lookup_elem(&cs_tcp_owners, &key);
		if (known && !known->inherited)
			return;
	} else if (newstate != TCP_SYN_SENT && newstate != TCP_LISTEN) {
		return;
	}
	o.pid = bpf_get_current_pid_tgid() >> 32;
	o.wanted = cs_current_wanted();
	bpf_get_current_comm(o.comm, sizeof(o.comm));
	bpf_map_update_elem(&cs_tcp_owners, &key, &o, BPF_ANY);
	if (newstate == TCP_LISTEN) {
		lkey = cs_tcp_listen_key(sk);
		bpf_map_update_elem(&cs_tcp_listeners, &lkey, &o, BPF_ANY);
	}
}

/* The owner of sk into *pid / comm, else `current`; false when that process
 * does not pass the common filters. */
static __always_inline bool cs_tcp_owner_get(const struct sock *sk, __u32 *pid, char *comm)
{
	__u64 key = (__u64)sk;
	struct cs_tcp_owner *o = bpf_map_lookup_elem(&cs_tcp_owners, &key);

	if (!o) {
		*pid = bpf_get_current_pid_tgid() >> 32;
		bpf_get_current_comm(comm, CS_COMM_LEN);
		return cs_current_wanted();
	}
	*pid = o->pid;
	__builtin_memcpy(comm, o->comm, CS_COMM_LEN);
	return o->wanted;
}

static __always_inline void cs_tcp_owner_forget(const struct sock *sk)
{
	__u64 key = (__u64)sk;

	bpf_map_delete_elem(&cs_tcp_owners, &key);
}

/* A socket's ends and owner, for a record: false when -4/-6, the port lists
 * or the common filters leave it out. */
static __always_inline bool cs_tcp_socket_read(const struct sock *sk, struct cs_inet_ends *ends,
					       __u32 *pid, char *comm)
{
	cs_inet_read(sk, ends);
	return cs_inet_wanted(ends) && cs_tcp_owner_get(sk, pid, comm);
}
