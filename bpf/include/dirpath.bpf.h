/* Directory names of a (vfsmount, dentry) pair, walked up to the task's root
 * in the kernel: for tools that print where a relative path really points
 * (opensnoop -F).  bpf_d_path() would do it in one call but is allowed only in
 * a few fentry/LSM hooks, so the walk is by hand, as d_path() does it:
 * follow d_parent, and at the root of a mount continue from its mountpoint in
 * the parent mount.
 *
 * The names come out innermost first, each NUL-terminated ("c\0b\0a\0" for
 * /a/b/c); common/dir_path.h turns them back into a path.  struct mount is
 * private to fs/, but it is in the kernel's BTF, and CO-RE finds its fields. */
#pragma once
#include "corescope.bpf.h"

#define CS_AT_FDCWD -100

/* The file open on fd in the task's table, or NULL. */
static __always_inline struct file *cs_task_file(struct task_struct *task, int fd)
{
	struct file **fds, *file = NULL;
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);

	if (!fdt || fd < 0 || (__u32)fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	fds = BPF_CORE_READ(fdt, fd);
	if (bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]))
		return NULL;
	return file;
}

/* Where a path relative to dfd starts: the cwd for AT_FDCWD, else the file
 * open on dfd.  False when dfd is not an open file of the task. */
static __always_inline bool cs_dir_of_fd(struct task_struct *task, int dfd,
					 struct vfsmount **mnt, struct dentry **dentry)
{
	struct file *file;

	if (dfd == CS_AT_FDCWD) {
		*mnt = BPF_CORE_READ(task, fs, pwd.mnt);
		*dentry = BPF_CORE_READ(task, fs, pwd.dentry);
		return *dentry != NULL;
	}
	file = cs_task_file(task, dfd);
	if (!file)
		return false;
	*mnt = BPF_CORE_READ(file, f_path.mnt);
	*dentry = BPF_CORE_READ(file, f_path.dentry);
	return *dentry != NULL;
}

static __always_inline struct mount *cs_real_mount(struct vfsmount *m)
{
	return (struct mount *)((char *)m - bpf_core_field_offset(struct mount, mnt));
}

/* Appends the directory names from dentry up to the task's root to buf at
 * *off.  buf must hold end + name_max bytes; end is a power of two, and no
 * name starts at or after end - name_max.  At most max_depth steps (names
 * plus mount crossings).  Returns true when the root was reached, false when
 * depth or space ran out (the outermost names are missing).
 *
 * *off must be in map memory (the record being built): the position is
 * re-read from there at each step, so the verifier does not track a
 * different range of it along every path through the loop, which would
 * multiply its states past its limit. */
static __always_inline bool cs_append_dir_names(struct task_struct *task, struct vfsmount *vmnt,
						struct dentry *dentry, char *buf, __u32 *off,
						const __u32 end, const __u32 name_max,
						const int max_depth)
{
	struct vfsmount *root_mnt = BPF_CORE_READ(task, fs, root.mnt);
	struct dentry *root = BPF_CORE_READ(task, fs, root.dentry);
	struct mount *mnt = cs_real_mount(vmnt);
	struct dentry *mnt_root = BPF_CORE_READ(vmnt, mnt_root);
	volatile __u32 *pos = off;
	bool done = false;

	for (int i = 0; i < max_depth; i++) {
		struct dentry *parent;
		const unsigned char *name;
		__u32 at;
		long n;

		if (dentry == root && vmnt == root_mnt) {
			done = true;
			break;
		}
		if (dentry == mnt_root) {
			struct mount *up = BPF_CORE_READ(mnt, mnt_parent);

			if (up == mnt) { /* the root of this mount namespace */
				done = true;
				break;
			}
			dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
			mnt = up;
			vmnt = &up->mnt;
			mnt_root = BPF_CORE_READ(vmnt, mnt_root);
			continue;
		}
		parent = BPF_CORE_READ(dentry, d_parent);
		if (parent == dentry) { /* a disconnected tree: nothing above */
			done = true;
			break;
		}
		at = *pos;
		if (at >= end - name_max)
			break;
		name = BPF_CORE_READ(dentry, d_name.name);
		n = bpf_probe_read_kernel_str(&buf[at & (end - 1)], name_max, name);
		if (n <= 0)
			break;
		*pos = at + n;
		dentry = parent;
	}
	return done;
}
