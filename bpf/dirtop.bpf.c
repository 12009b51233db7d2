/* dirtop: counts and bytes of the reads and writes of regular files under
 * each directory the frontend put into `dirs` (inode and device -> its
 * index), found by walking the file's dentry up through its parents.  The
 * hooks are the file I/O kit's (include/file_io.bpf.h): the syscalls,
 * counted at their exit. */
#include "corescope.bpf.h"
#include "dirtop.h"
#include "file_io.bpf.h"

CS_HASH_MAP(dirs, struct dirtop_dir, __u32, DIRTOP_MAX_DIRS);
CS_MAP(BPF_MAP_TYPE_ARRAY, counts, __u32, struct dirtop_counts, DIRTOP_MAX_DIRS);

static __always_inline void count_in(__u32 index, const struct cs_file_call *c)
{
	struct dirtop_counts *n = bpf_map_lookup_elem(&counts, &index);

	if (!n)
		return;
	if (c->op == CS_FILE_READ) {
		__sync_fetch_and_add(&n->reads, 1);
		__sync_fetch_and_add(&n->read_bytes, c->ret);
	} else {
		__sync_fetch_and_add(&n->writes, 1);
		__sync_fetch_and_add(&n->write_bytes, c->ret);
	}
}

/* Every listed directory above the file counts it (a file under /a/b
 * counts for /a and /a/b).  The walk stays within the file's mount. */
static __always_inline void cs_file_done(void *ctx, const struct cs_file_call *c)
{
	struct file *file = c->file; /* CO-RE reads start from a kernel pointer */
	struct dentry *d = BPF_CORE_READ(file, f_path.dentry);
	struct dirtop_dir key = {.dev = BPF_CORE_READ(file, f_inode, i_sb, s_dev)};

	for (int i = 0; i < DIRTOP_DEPTH; i++) {
		struct dentry *parent = BPF_CORE_READ(d, d_parent);
		__u32 *index;

		if (!parent || parent == d)
			break;
		d = parent;
		key.ino = BPF_CORE_READ(d, d_inode, i_ino);
		index = bpf_map_lookup_elem(&dirs, &key);
		if (index)
			count_in(*index, c);
	}
}
