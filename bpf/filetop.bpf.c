/* filetop: counts and bytes of the reads and writes of each thread on each
 * file (regular files only unless -a), in one map the frontend reads and
 * empties each interval.  The hooks are the file I/O kit's
 * (include/file_io.bpf.h): the syscalls, counted at their exit. */
#include "corescope.bpf.h"
#include "filetop.h"
#include "file_io.bpf.h"

#define FILETOP_ENTRIES 10240

CS_HASH_MAP(counts, struct filetop_key, struct filetop_value, FILETOP_ENTRIES);

/* The value a new key starts from: too big for the stack with its name. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct filetop_value);
} fresh SEC(".maps");

static __always_inline void cs_file_done(void *ctx, const struct cs_file_call *c)
{
	struct file *file = c->file;
	struct filetop_key key = {};
	struct filetop_value *v;
	__u64 id = bpf_get_current_pid_tgid();
	__u32 zero = 0;

	key.ino = BPF_CORE_READ(file, f_inode, i_ino);
	key.dev = BPF_CORE_READ(file, f_inode, i_sb, s_dev);
	key.rdev = BPF_CORE_READ(file, f_inode, i_rdev);
	key.pid = id >> 32;
	key.tid = id;
	v = bpf_map_lookup_elem(&counts, &key);
	if (!v) {
		struct filetop_value *init = bpf_map_lookup_elem(&fresh, &zero);

		if (!init)
			return;
		__builtin_memset(init, 0, sizeof(*init));
		bpf_get_current_comm(init->comm, sizeof(init->comm));
		cs_file_name(file, init->name, sizeof(init->name));
		init->kind = cs_file_kind(file);
		v = cs_lookup_or_init(&counts, &key, init);
		if (!v) {
			__sync_fetch_and_add(&cs_uncounted, 1);
			return;
		}
	}
	if (c->op == CS_FILE_READ) {
		__sync_fetch_and_add(&v->reads, 1);
		__sync_fetch_and_add(&v->read_bytes, c->ret);
	} else {
		__sync_fetch_and_add(&v->writes, 1);
		__sync_fetch_and_add(&v->write_bytes, c->ret);
	}
}
