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
// a "__flavour" suffix are always loaded.  A map named <name>__<flavour> is
// created only when its flavour is chosen (state only that flavour keeps).
//
// What a run needs is declared before the choice, as a HookPlan of hook names
// (a program's name without its "__flavour"): `unused` hooks are neither
// probed nor loaded (hardirqs -C needs no exit hook), so they can never rule
// a flavour out; `optional` hooks are loaded where the kernel offers them in
// the chosen flavour and left out where it does not (a syscall newer than
// the kernel).
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
// "irq_handler_exit__btf" -> "irq_handler_exit"; a name without a flavour is its own hook.
std::string hook_name(const std::string& prog_name);

struct HookPlan {
  std::vector<std::string> unused, optional;
  HookPlan& without(std::string hook, bool when = true) {
    if (when) unused.push_back(std::move(hook));
    return *this;
  }
  HookPlan& may_lack(std::string hook) {
    optional.push_back(std::move(hook));
    return *this;
  }
  // A short stable text of the plan ("" when empty): the start-up cache
  // keeps one choice per plan.
  std::string key() const;
};

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
// NoAttachableHook naming the attach point and the fix (e.g. mount tracefs)
// when none can.  `known`: a choice made on this kernel before, for the same
// plan (runtime/startup_cache.h), taken without probing the required hooks
// when the object has programs of that tier.
// `vmlinux`: the kernel's BTF for the probes, shared with the rest of start-up.
class VmlinuxBtf;
Tier choose_flavours(bpf_object* obj, AttachMode mode, VmlinuxBtf& vmlinux, const HookPlan& plan = {},
                     std::optional<Tier> known = std::nullopt);

}  // namespace cs
