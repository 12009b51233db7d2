/* tcplife: one record per TCP session when it closes, from the
 * sock:inet_sock_set_state tracepoint alone (no kprobe, any kernel 4.16+).
 *
 * The session starts at its last state below FIN_WAIT1 (ESTABLISHED, as
 * the peers time it) and ends at CLOSE.  State changes often run in softirq
 * context, where `current` is whoever was interrupted, so the process is
 * taken where the kernel is sure to run in it: SYN_SENT (connect()), and,
 * for sessions accepted from a listener, FIN_WAIT1 (the process closes
 * first) or LAST_ACK (the process closes after its peer). */
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "inet.bpf.h"
#include "maps.bpf.h"
#include "tcplife.h"

#define CS_IPPROTO_TCP 6

struct ident {
	__u32 pid;
	__u32 wanted; /* the process passed the common filters */
	char comm[CS_COMM_LEN];
};

/* Sessions that live long fill the maps only as far as the LRU lets them:
 * a socket evicted before it closes is not reported. */
CS_MAP(BPF_MAP_TYPE_LRU_HASH, birth, __u64, __u64, 10240);
CS_MAP(BPF_MAP_TYPE_LRU_HASH, idents, __u64, struct ident, 10240);

CS_SCRATCH(struct tcplife_event)

static __always_inline void note_process(__u64 key, __u64 flags)
{
	struct ident id = {};

	id.pid = bpf_get_current_pid_tgid() >> 32;
	id.wanted = cs_current_wanted();
	bpf_get_current_comm(id.comm, sizeof(id.comm));
	bpf_map_update_elem(&idents, &key, &id, flags);
}

static __always_inline int on_state(void *ctx, const struct sock *sk, int newstate)
{
	__u64 key = (__u64)sk, now, *start;
	struct tcplife_event *e;
	struct ident *id;
	struct tcp_sock *tp;

	if (BPF_CORE_READ(sk, sk_protocol) != CS_IPPROTO_TCP)
		return 0;
	if (newstate < TCP_FIN_WAIT1) {
		now = bpf_ktime_get_ns();
		bpf_map_update_elem(&birth, &key, &now, BPF_ANY);
	}
	if (newstate == TCP_SYN_SENT)
		note_process(key, BPF_ANY);
	else if (newstate == TCP_FIN_WAIT1 || newstate == TCP_LAST_ACK)
		note_process(key, BPF_NOEXIST); /* the connecting process stays */
	if (newstate != TCP_CLOSE)
		return 0;

	start = bpf_map_lookup_elem(&birth, &key);
	id = bpf_map_lookup_elem(&idents, &key);
	if (!start)
		goto done;
	e = cs_scratch_get();
	if (!e)
		goto done;
	cs_inet_read(sk, &e->ends);
	if (!cs_inet_wanted(&e->ends))
		goto done;
	if (id) {
		if (!id->wanted)
			goto done;
		e->pid = id->pid;
		__builtin_memcpy(e->comm, id->comm, sizeof(e->comm));
	} else { /* never seen in process context: the peers' guess */
		if (!cs_current_wanted())
			goto done;
		e->pid = bpf_get_current_pid_tgid() >> 32;
		bpf_get_current_comm(e->comm, sizeof(e->comm));
	}
	e->ts_ns = bpf_ktime_get_ns();
	e->span_ns = e->ts_ns - *start;
	tp = (struct tcp_sock *)sk;
	e->tx_bytes = BPF_CORE_READ(tp, bytes_acked);
	e->rx_bytes = BPF_CORE_READ(tp, bytes_received);
	cs_submit(ctx, e, sizeof(*e));
done:
	bpf_map_delete_elem(&birth, &key);
	bpf_map_delete_elem(&idents, &key);
	return 0;
}

CS_BTF_RAW(inet_sock_set_state, set_state, on_state(ctx, sk, newstate), const struct sock *sk,
	   int oldstate, int newstate)

SEC("tracepoint/sock/inet_sock_set_state")
int set_state__tp(struct trace_event_raw_inet_sock_set_state *ctx)
{
	return on_state(ctx, ctx->skaddr, ctx->newstate);
}
