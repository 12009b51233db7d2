/* mountsnoop: the record is the family's (include/syscall_event.h); these
 * are the x86-64 syscalls it keeps, shared by bpf/mountsnoop.bpf.c and
 * tools/mountsnoop.cpp.  The new mount API (open_tree .. fspick) came in
 * 5.2, mount_setattr in 5.12. */
#pragma once
#include "include/syscall_event.h"

#define MOUNTSNOOP_NR_MOUNT 165
#define MOUNTSNOOP_NR_UMOUNT2 166
#define MOUNTSNOOP_NR_OPEN_TREE 428
#define MOUNTSNOOP_NR_MOVE_MOUNT 429
#define MOUNTSNOOP_NR_FSOPEN 430
#define MOUNTSNOOP_NR_FSCONFIG 431
#define MOUNTSNOOP_NR_FSMOUNT 432
#define MOUNTSNOOP_NR_FSPICK 433
#define MOUNTSNOOP_NR_MOUNT_SETATTR 442

/* fsconfig() commands whose value is a string. */
#define MOUNTSNOOP_FSCONFIG_SET_STRING 1
#define MOUNTSNOOP_FSCONFIG_SET_PATH 3
#define MOUNTSNOOP_FSCONFIG_SET_PATH_EMPTY 4
