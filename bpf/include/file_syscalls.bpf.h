/* What the open family's result says about the file (filelife, vfsstat). */
#pragma once
#include "corescope.bpf.h"
#include "dirpath.bpf.h"
#include "file_syscalls.h"

#define CS_FMODE_CREATED 0x100000 /* file->f_mode: this open created the file */

/* The file an open-family call that returned fd created, or NULL when it
 * opened a file that existed already (O_CREAT without O_EXCL included). */
static __always_inline struct file *cs_created_file(long fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct file *file;

	if (fd < 0)
		return NULL;
	file = cs_task_file(task, fd);
	if (!file || !(BPF_CORE_READ(file, f_mode) & CS_FMODE_CREATED))
		return NULL;
	return file;
}
