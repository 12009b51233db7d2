/* filegone: the record is the family's (include/syscall_event.h); the
 * syscalls are include/file_syscalls.h's.  Shared by bpf/filegone.bpf.c and
 * tools/filegone.cpp. */
#pragma once
#include "include/file_syscalls.h"
#include "include/syscall_event.h"
