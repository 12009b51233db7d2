/* dcsnoop: dcache lookups that missed, and with -a every lookup_fast()
 * reference, with the path component looked up.  bcc's hooks, which have
 * no tracepoint: lookup_fast (fentry or kprobe) for references, d_lookup
 * (fexit, or kprobe and kretprobe) for misses. */
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "flavours.bpf.h"
#include "maps.bpf.h"
#include "dcsnoop.h"

CS_SCRATCH(struct dcsnoop_event)
CS_THREAD_MAP(lookups, const unsigned char *, 10240); /* d_lookup's name, entry to return */

static __always_inline void report(void *ctx, char type, const unsigned char *name)
{
	struct dcsnoop_event *e;
	__u64 id = bpf_get_current_pid_tgid();

	if (!cs_current_wanted() || !(e = cs_scratch_get()))
		return;
	e->ts_ns = bpf_ktime_get_ns();
	e->pid = id >> 32;
	e->tid = id;
	e->type = type;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	if (bpf_probe_read_kernel_str(e->name, sizeof(e->name), name) < 0)
		e->name[0] = 0;
	cs_submit(ctx, e, sizeof(*e));
}

CS_PROG("fentry/lookup_fast", lookup_fast__fexit, report(ctx, 'R', BPF_CORE_READ(nd, last.name)),
	struct nameidata *nd)
CS_PROG("fexit/d_lookup", d_lookup__fexit,
	if (!ret) report(ctx, 'M', BPF_CORE_READ(name, name)), const struct dentry *parent,
	const struct qstr *name, struct dentry *ret)

SEC("kprobe/lookup_fast")
int BPF_KPROBE(lookup_fast__kprobe, struct nameidata *nd)
{
	report(ctx, 'R', BPF_CORE_READ(nd, last.name));
	return 0;
}

SEC("kprobe/d_lookup")
int BPF_KPROBE(d_lookup__kprobe, const struct dentry *parent, const struct qstr *name)
{
	const unsigned char *n = BPF_CORE_READ(name, name);
	__u32 tid = bpf_get_current_pid_tgid();

	if (cs_current_wanted())
		bpf_map_update_elem(&lookups, &tid, &n, BPF_ANY);
	return 0;
}

SEC("kretprobe/d_lookup")
int BPF_KRETPROBE(d_lookup_ret__kprobe, struct dentry *ret)
{
	__u32 tid = bpf_get_current_pid_tgid();
	const unsigned char **n = bpf_map_lookup_elem(&lookups, &tid);

	if (!n)
		return 0;
	if (!ret)
		report(ctx, 'M', *n);
	bpf_map_delete_elem(&lookups, &tid);
	return 0;
}
