/* tcpretrans: TCP retransmits, one record each or counted per flow (-c).
 *
 * Retransmits come from the tcp:tcp_retransmit_skb tracepoint (no kprobe;
 * every kernel since 4.15); tail loss probes (-l) have none and need
 * tcp_send_loss_probe() by fentry or kprobe.  Retransmits mostly run from
 * the retransmit timer, in no process's context: the process is the socket's
 * owner, learned from its state changes (tcp_owner.bpf.h), where known.
 *
 * Hooks by tier: without -l, "set_state" and "retransmit" (tp_btf, raw_tp,
 * tracepoint); with -l, "set_state_l", "retransmit_l" and "tlp" (fentry
 * tier: tp_btf + fentry; kprobe tier: raw_tp + kprobe), so that with -l no
 * tier can leave the probes out. */
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "maps.bpf.h"
#include "tcp_owner.bpf.h"
#include "tcpretrans.h"

const volatile __u32 count_only = 0; /* -c: count per flow, no records */

CS_HASH_MAP(counts, struct cs_inet_ends, __u64, 10240);

CS_SCRATCH(struct tcpretrans_event)

static __always_inline int on_retransmit(void *ctx, const struct sock *sk, __u16 type)
{
	struct tcpretrans_event *e = cs_scratch_get();

	if (!e || !cs_tcp_socket_read(sk, &e->ends, &e->pid, e->comm))
		return 0;
	if (count_only) {
		cs_map_add(&counts, &e->ends, 1, &cs_uncounted);
		return 0;
	}
	e->ts_ns = bpf_ktime_get_ns();
	e->state = BPF_CORE_READ(sk, __sk_common.skc_state);
	e->type = type;
	cs_submit(ctx, e, sizeof(*e));
	return 0;
}

/* The socket owners, from every state change. */
static __always_inline int on_state(const struct sock *sk, int oldstate, int newstate)
{
	cs_tcp_owner_note(sk, oldstate, newstate);
	if (newstate == TCP_CLOSE)
		cs_tcp_owner_forget(sk);
	return 0;
}

CS_BTF_RAW(inet_sock_set_state, set_state, on_state(sk, oldstate, newstate),
	   const struct sock *sk, int oldstate, int newstate)

SEC("tracepoint/sock/inet_sock_set_state")
int set_state__tp(struct trace_event_raw_inet_sock_set_state *ctx)
{
	return on_state(ctx->skaddr, ctx->oldstate, ctx->newstate);
}

CS_BTF_RAW(tcp_retransmit_skb, retransmit,
	   on_retransmit(ctx, sk, TCPRETRANS_RETRANSMIT), const struct sock *sk)

/* The classic tracepoint's record starts the same on every kernel (its
 * class was renamed and an err field added at the end): read it as such. */
struct tcpretrans_tp_args {
	__u64 common;
	const void *skbaddr;
	const void *skaddr;
};

SEC("tracepoint/tcp/tcp_retransmit_skb")
int retransmit__tp(struct tcpretrans_tp_args *ctx)
{
	return on_retransmit(ctx, ctx->skaddr, TCPRETRANS_RETRANSMIT);
}

/* With -l: the same hooks in the tiers that also have the probes. */
CS_PROG("tp_btf/inet_sock_set_state", set_state_l__fentry, on_state(sk, oldstate, newstate),
	const struct sock *sk, int oldstate, int newstate)
CS_PROG("raw_tp/inet_sock_set_state", set_state_l__kprobe, on_state(sk, oldstate, newstate),
	const struct sock *sk, int oldstate, int newstate)
CS_PROG("tp_btf/tcp_retransmit_skb", retransmit_l__fentry,
	on_retransmit(ctx, sk, TCPRETRANS_RETRANSMIT), const struct sock *sk)
CS_PROG("raw_tp/tcp_retransmit_skb", retransmit_l__kprobe,
	on_retransmit(ctx, sk, TCPRETRANS_RETRANSMIT), const struct sock *sk)
CS_PROG("fentry/tcp_send_loss_probe", tlp__fentry,
	on_retransmit(ctx, sk, TCPRETRANS_LOSS_PROBE), struct sock *sk)

SEC("kprobe/tcp_send_loss_probe")
int BPF_KPROBE(tlp__kprobe, struct sock *sk)
{
	return on_retransmit(ctx, sk, TCPRETRANS_LOSS_PROBE);
}
