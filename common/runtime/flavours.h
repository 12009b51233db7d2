// Program flavours: a tool writes its hooks once per attach type, as thin
// wrappers named <hook>__<flavour> over one static body, e.g.
//
//   SEC("fexit/do_sys_openat2")               int open__fexit(...)
//   SEC("tp_btf/sys_exit")                    int sys_exit__btf(...)
//   SEC("raw_tp/sys_exit")                    int sys_exit__raw(...)
//   SEC("tracepoint/syscalls/sys_exit_open")  int open_exit__tp(...)
//
// Each flavour is a complete alternative.  Before load, choose_flavours()
// keeps the cheapest one whose every program the running kernel accepts
// (probed, never by version number) and disables the rest.  Programs without
// a "__flavour" suffix are always loaded.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/cli/cli.h"

struct bpf_object;
struct bpf_program;
struct btf;

namespace cs {

// fentry/fexit need BPF trampolines (CONFIG_FUNCTION_TRACER),
// kprobes need CONFIG_KPROBES, tracepoints need tracefs mounted; tp_btf and
// raw_tp need nothing but BPF.
enum class Tier { Fentry = 0, Btf, Raw, Kprobe, Tracepoint, None };
constexpr int kTiers = 5;

const char* tier_name(Tier t);
// Tier of a program from its name suffix (None when it has none).
Tier program_tier(const std::string& prog_name);

// Where tracefs is mounted ("" if nowhere) and the fix to print when it is not.
std::string tracefs_dir();
extern const char* const kTracefsMountHint;

// Can this program attach on the running kernel?  Probes tp_btf/fentry/fexit
// targets by loading a two-instruction program against the target's BTF id,
// kprobes by the kprobe PMU and the symbol, tracepoints by looking in tracefs.
// vmlinux is the running kernel's BTF (null where it has none).
bool flavour_available(bpf_program* prog, const btf* vmlinux, std::string* why_not);

// Enables the programs of the first tier (fentry, raw_tp, tp_btf, kprobe,
// tracepoint: cheapest to run and to start first) whose every program can attach
// here and disables the other tiers.  --attach narrows the choice: fentry to
// fentry/tp_btf, raw to raw_tp/kprobe, tracepoint to tracepoints.  Throws
// Fatal naming the attach point and the fix (e.g. mount tracefs) when none can.
// `known`: a choice made on this kernel before (runtime/startup_cache.h),
// taken without probing when the object has programs of that tier.
Tier choose_flavours(bpf_object* obj, AttachMode mode, std::optional<Tier> known = std::nullopt);

}  // namespace cs
