/* filelife: the age of each file at its deletion, for files created while
 * tracing.  No kernel function hooks (vfs_create, vfs_unlink: kprobes or
 * fentry, which many kernels lack): the syscalls themselves.
 *
 * Birth: an open(), creat(), openat() or openat2() that returns a file with
 * FMODE_CREATED, i.e. the call made it (O_CREAT on an existing file does
 * not).  The birth is kept by the hash of its name, with its dentry.
 * Death: an unlink() or unlinkat() (not AT_REMOVEDIR) that succeeds, whose
 * last path component hashes to a birth whose dentry the call left negative
 * or unhashed, which is what unlinking it does (d_delete); a dentry still
 * hashed and positive is a file of the same name elsewhere, still there. */
#include "corescope.bpf.h"
#include "events.bpf.h"
#include "maps.bpf.h"
#include "file_syscalls.bpf.h"
#include "syscall_hooks.bpf.h"
#include "filelife.h"

#define FL_PATH_MAX 4096 /* PATH_MAX, its NUL included */
#define FL_BUF 8192      /* power of two above PATH_MAX + NAME_MAX */

struct birth {
	__u64 ts_ns;
	struct dentry *dentry;
	__u32 pid;
};

struct path_buf {
	char b[FL_BUF];
};

CS_MAP(BPF_MAP_TYPE_LRU_HASH, births, __u64, struct birth, 16384);
CS_THREAD_MAP(unlinking, __u64, 10240); /* the hash of the name being unlinked */
CS_MAP(BPF_MAP_TYPE_PERCPU_ARRAY, path_buf, __u32, struct path_buf, 1);
CS_SCRATCH(struct filelife_event)

/* FNV-1a of len bytes of b from start; mask is b's size less one. */
static __always_inline __u64 name_hash(const char *b, __u32 start, __u32 len, const __u32 mask)
{
	__u64 h = 0xcbf29ce484222325ULL;

	for (__u32 i = 0; i < FILELIFE_NAME_MAX; i++) {
		if (i >= len)
			break;
		h ^= (__u8)b[(start + i) & mask];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* The dentry's name into name[]; its hash, 0 when unreadable. */
static __always_inline __u64 dentry_name(struct dentry *d, char *name)
{
	const unsigned char *p = BPF_CORE_READ(d, d_name.name);
	long n = bpf_probe_read_kernel_str(name, FILELIFE_NAME_MAX, p);

	if (n <= 1)
		return 0;
	return name_hash(name, 0, n - 1, FILELIFE_NAME_MAX - 1);
}

static __always_inline bool cs_syscall_wanted(long nr)
{
	return CS_NR_IS_OPEN(nr) || nr == CS_NR_UNLINK || nr == CS_NR_UNLINKAT;
}

static __always_inline void cs_syscall_enter(long nr, const __u64 *args)
{
	const char *upath = (const char *)(nr == CS_NR_UNLINK ? args[0] : args[1]);
	struct path_buf *buf;
	__u32 zero = 0, tid, start = 0;
	__u64 hash;
	long n;

	if (CS_NR_IS_OPEN(nr) || (nr == CS_NR_UNLINKAT && (args[2] & CS_AT_REMOVEDIR)))
		return;
	if (!cs_current_wanted() || cs_syscall_compat() || !(buf = bpf_map_lookup_elem(&path_buf, &zero)))
		return;
	n = bpf_probe_read_user_str(buf->b, FL_PATH_MAX, upath);
	if (n <= 1)
		return;
	/* The last component: after the last '/' in at most NAME_MAX bytes. */
	for (int i = 0; i < FILELIFE_NAME_MAX; i++) {
		long at = n - 2 - i;

		if (at < 0)
			break;
		if (buf->b[at & (FL_BUF - 1)] == '/') {
			start = at + 1;
			break;
		}
		if (i == FILELIFE_NAME_MAX - 1)
			return; /* longer than any name */
	}
	if (start >= n - 1)
		return; /* ends in '/': not a file */
	hash = name_hash(buf->b, start & (FL_BUF / 2 - 1), n - 1 - start, FL_BUF - 1);
	tid = bpf_get_current_pid_tgid();
	bpf_map_update_elem(&unlinking, &tid, &hash, BPF_ANY);
}

static __always_inline void born(long fd)
{
	struct file *file = cs_created_file(fd);
	struct filelife_event *e;
	struct birth b = {};
	__u64 hash;

	if (!file || !cs_current_wanted() || cs_syscall_compat() || !(e = cs_scratch_get()))
		return;
	b.dentry = BPF_CORE_READ(file, f_path.dentry);
	hash = dentry_name(b.dentry, e->name);
	if (!hash)
		return;
	b.ts_ns = bpf_ktime_get_ns();
	b.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_map_update_elem(&births, &hash, &b, BPF_ANY);
}

static __always_inline void cs_syscall_exit(void *ctx, long nr, long ret)
{
	struct filelife_event *e;
	struct birth *b;
	struct dentry *d;
	__u64 *hashp, hash, id = bpf_get_current_pid_tgid();
	__u32 tid = id;

	if (CS_NR_IS_OPEN(nr)) {
		born(ret);
		return;
	}
	hashp = bpf_map_lookup_elem(&unlinking, &tid);
	if (!hashp)
		return;
	hash = *hashp;
	bpf_map_delete_elem(&unlinking, &tid);
	if (ret != 0 || !(b = bpf_map_lookup_elem(&births, &hash)) || !(e = cs_scratch_get()))
		return;
	d = b->dentry;
	/* Still hashed with its inode: not the file this call removed. */
	if (BPF_CORE_READ(d, d_inode) && BPF_CORE_READ(d, d_hash.pprev))
		return;
	if (dentry_name(d, e->name) != hash)
		return; /* renamed, or the dentry is gone and reused */
	e->ts_ns = bpf_ktime_get_ns();
	e->age_ns = e->ts_ns - b->ts_ns;
	e->creator_pid = b->pid;
	bpf_map_delete_elem(&births, &hash);
	e->pid = id >> 32;
	e->tid = tid;
	e->uid = bpf_get_current_uid_gid();
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	cs_submit(ctx, e, sizeof(*e));
}
