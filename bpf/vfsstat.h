/* vfsstat: the counters, shared by bpf/vfsstat.bpf.c and tools/vfsstat.cpp. */
#pragma once

enum vfsstat_kind {
	VFSSTAT_READ,
	VFSSTAT_WRITE,
	VFSSTAT_FSYNC,
	VFSSTAT_OPEN,
	VFSSTAT_CREATE,
	VFSSTAT_UNLINK,
	VFSSTAT_MKDIR,
	VFSSTAT_RMDIR,
	VFSSTAT_KINDS,
};
