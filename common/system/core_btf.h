// The part of the kernel's BTF that a BPF object's CO-RE relocations can
// look at, as a small BTF of its own (what `bpftool gen min_core_btf` makes
// offline, computed here at run time).  Handed to libbpf as btf_custom_path,
// it saves libbpf reading and searching the whole kernel BTF (5.5 MB, 150k
// types on 6.18) at every start.
//
// What it holds: every kernel struct, union, enum and typedef whose name a
// named type of the object's own BTF has (a "___flavour" suffix stripped, as
// libbpf matches them), with every type they embed, complete.  A pointer in
// them becomes a pointer to void: CO-RE never follows a pointer (each
// BPF_CORE_READ step is a relocation of its own, on a type named by the
// object) and libbpf's field check accepts any pointer for a pointer.
#pragma once

struct btf;

namespace cs {

// A new BTF (free with btf__free), or nullptr when it could not be built.
btf* minimal_core_btf(const btf* kernel, const btf* local);

}  // namespace cs
