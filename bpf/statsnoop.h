/* statsnoop: the record is the family's (include/syscall_event.h); these are
 * the x86-64 syscalls it keeps, shared by bpf/statsnoop.bpf.c and
 * tools/statsnoop.cpp. */
#pragma once
#include "include/syscall_event.h"

#define STATSNOOP_NR_STAT 4
#define STATSNOOP_NR_LSTAT 6
#define STATSNOOP_NR_STATFS 137
#define STATSNOOP_NR_NEWFSTATAT 262
#define STATSNOOP_NR_STATX 332
