/* Programs for one hook written once, emitted per flavour.  The library
 * (common/runtime/flavours.cpp) picks the flavour by the suffix of a
 * program's name, so the names stay <prog>__btf, <prog>__raw.
 *
 *   CS_PROG("fexit/f", name, stmt, args...)  one program running stmt
 *   CS_BTF_RAW(tp, prog, stmt, args...)      tp_btf/tp and raw_tp/tp
 *
 * stmt sees the hook's args (BPF_PROG names them) and ctx.  The program
 * returns 0: fentry/fexit must, and the kernel ignores what tp_btf and
 * raw_tp return. */
#pragma once
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define CS_PROG(sec, name, stmt, args...)      \
	SEC(sec)                               \
	int BPF_PROG(name, ##args)             \
	{                                      \
		stmt;                          \
		return 0;                      \
	}

/* The two flavours see the same arguments; only the verifier's typing of
 * them differs (BTF pointers for tp_btf, plain u64 for raw_tp). */
#define CS_BTF_RAW(tp, prog, stmt, args...)                       \
	CS_PROG("tp_btf/" #tp, prog##__btf, stmt, ##args)         \
	CS_PROG("raw_tp/" #tp, prog##__raw, stmt, ##args)
