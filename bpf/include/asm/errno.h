/* libbpf's usdt.bpf.h includes <linux/errno.h>, which wants the target's
 * <asm/errno.h>; a BPF build has no target arch directory, and x86's is the
 * generic one. */
#pragma once
#include <asm-generic/errno.h>
