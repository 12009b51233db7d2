/* mdflush: one record per flush request an md (software RAID) device gets.
 *
 * md_flush_request() is where md handles a bio with REQ_PREFLUSH; no
 * tracepoint marks it, so this needs fentry or a kprobe, and md loaded.
 * The device is the bio's disk: bio->bi_bdev->bd_disk since 5.12,
 * bio->bi_disk before. */
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "mdflush.h"

CS_SCRATCH(struct mdflush_event)

struct bio___cs_bi_disk {
	struct gendisk *bi_disk;
} __attribute__((preserve_access_index));

static __always_inline struct gendisk *bio_disk(struct bio *bio)
{
	if (bpf_core_field_exists(struct bio___cs_bi_disk, bi_disk))
		return BPF_CORE_READ((struct bio___cs_bi_disk *)bio, bi_disk);
	return BPF_CORE_READ(bio, bi_bdev, bd_disk);
}

static __always_inline int on_flush(void *ctx, struct bio *bio)
{
	struct mdflush_event *e;
	struct gendisk *disk;

	if (!cs_current_wanted())
		return 0;
	e = cs_scratch_get();
	if (!e)
		return 0;
	e->ts_ns = bpf_ktime_get_ns();
	e->pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	disk = bio_disk(bio);
	e->disk[0] = 0;
	if (disk)
		bpf_probe_read_kernel_str(e->disk, sizeof(e->disk), &disk->disk_name);
	cs_submit(ctx, e, sizeof(*e));
	return 0;
}

/* md_flush_request(struct mddev *mddev, struct bio *bio): only the bio is read. */
SEC("fentry/md_flush_request")
int BPF_PROG(md_flush_request__fentry, void *mddev, struct bio *bio)
{
	return on_flush(ctx, bio);
}

SEC("kprobe/md_flush_request")
int BPF_KPROBE(md_flush_request__kprobe, void *mddev, struct bio *bio)
{
	return on_flush(ctx, bio);
}
