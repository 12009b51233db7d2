/* tcplife: one record per TCP session when it closes, from the
 * sock:inet_sock_set_state tracepoint alone (no kprobe, any kernel 4.16+).
 *
 * The session starts at its last state below FIN_WAIT1 (ESTABLISHED, as
 * the peers time it) and ends at CLOSE.  State changes often run in softirq
 * context, where `current` is whoever was interrupted: the process is the
 * socket's owner (tcp_owner.bpf.h). */
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "inet.bpf.h"
#include "maps.bpf.h"
#include "tcp_owner.bpf.h"
#include "tcplife.h"

#define CS_IPPROTO_TCP 6

/* socket -> when its session began */
CS_MAP(BPF_MAP_TYPE_LRU_HASH, birth, __u64, __u64, 10240);

CS_SCRATCH(struct tcplife_event)

static __always_inline int on_state(void *ctx, const struct sock *sk, int oldstate, int newstate)
{
	__u64 key = (__u64)sk, now, *start;
	struct tcplife_event *e;
	struct tcp_sock *tp;

	if (BPF_CORE_READ(sk, sk_protocol) != CS_IPPROTO_TCP)
		return 0;
	if (newstate < TCP_FIN_WAIT1) {
		now = bpf_ktime_get_ns();
		bpf_map_update_elem(&birth, &key, &now, BPF_ANY);
	}
	cs_tcp_owner_note(sk, oldstate, newstate);
	if (newstate != TCP_CLOSE)
		return 0;

	start = bpf_map_lookup_elem(&birth, &key);
	if (!start)
		goto done;
	e = cs_scratch_get();
	if (!e)
		goto done;
	if (!cs_tcp_socket_read(sk, &e->ends, &e->pid, e->comm))
		goto done;
	e->ts_ns = bpf_ktime_get_ns();
	e->span_ns = e->ts_ns - *start;
	tp = (struct tcp_sock *)sk;
	e->tx_bytes = BPF_CORE_READ(tp, bytes_acked);
	e->rx_bytes = BPF_CORE_READ(tp, bytes_received);
	cs_submit(ctx, e, sizeof(*e));
done:
	bpf_map_delete_elem(&birth, &key);
	cs_tcp_owner_forget(sk);
	return 0;
}

CS_BTF_RAW(inet_sock_set_state, set_state, on_state(ctx, sk, oldstate, newstate), const struct sock *sk,
	   int oldstate, int newstate)

SEC("tracepoint/sock/inet_sock_set_state")
int set_state__tp(struct trace_event_raw_inet_sock_set_state *ctx)
{
	return on_state(ctx, ctx->skaddr, ctx->oldstate, ctx->newstate);
}
