/* tcpstates: one record per TCP state change, from the
 * sock:inet_sock_set_state tracepoint (no kprobe, any kernel 4.16+), with
 * the time the socket spent in its old state.  The process is the socket's
 * owner where it is known (tcp_owner.bpf.h), else `current`. */
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "inet.bpf.h"
#include "maps.bpf.h"
#include "tcp_owner.bpf.h"
#include "tcpstates.h"

#define CS_IPPROTO_TCP 6

/* socket -> when it entered its current state */
CS_MAP(BPF_MAP_TYPE_LRU_HASH, entered, __u64, __u64, 10240);

CS_SCRATCH(struct tcpstates_event)

static __always_inline int on_state(void *ctx, const struct sock *sk, int oldstate, int newstate)
{
	__u64 key = (__u64)sk, now = bpf_ktime_get_ns(), *since;
	struct tcpstates_event *e;

	if (BPF_CORE_READ(sk, sk_protocol) != CS_IPPROTO_TCP)
		return 0;
	cs_tcp_owner_note(sk, oldstate, newstate);
	since = bpf_map_lookup_elem(&entered, &key);
	e = cs_scratch_get();
	if (!e)
		goto done;
	if (!cs_tcp_socket_read(sk, &e->ends, &e->pid, e->comm))
		goto done;
	e->ts_ns = now;
	e->skaddr = key;
	e->delta_ns = since ? now - *since : 0;
	e->oldstate = oldstate;
	e->newstate = newstate;
	cs_submit(ctx, e, sizeof(*e));
done:
	if (newstate == TCP_CLOSE) {
		bpf_map_delete_elem(&entered, &key);
		cs_tcp_owner_forget(sk);
	} else {
		bpf_map_update_elem(&entered, &key, &now, BPF_ANY);
	}
	return 0;
}

CS_BTF_RAW(inet_sock_set_state, set_state, on_state(ctx, sk, oldstate, newstate),
	   const struct sock *sk, int oldstate, int newstate)

SEC("tracepoint/sock/inet_sock_set_state")
int set_state__tp(struct trace_event_raw_inet_sock_set_state *ctx)
{
	return on_state(ctx, ctx->skaddr, ctx->oldstate, ctx->newstate);
}
