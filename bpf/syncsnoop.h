/* syncsnoop: the record is the family's (include/syscall_event.h); these are
 * the x86-64 syscalls it keeps, shared by bpf/syncsnoop.bpf.c and
 * tools/syncsnoop.cpp. */
#pragma once
#include "include/syscall_event.h"

#define SYNCSNOOP_NR_MSYNC 26
#define SYNCSNOOP_NR_FSYNC 74
#define SYNCSNOOP_NR_FDATASYNC 75
#define SYNCSNOOP_NR_SYNC 162
#define SYNCSNOOP_NR_SYNC_FILE_RANGE 277
#define SYNCSNOOP_NR_SYNCFS 306
