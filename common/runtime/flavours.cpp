#include "common/runtime/flavours.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <vector>

#include "common/base/error.h"
#include "common/system/kernel_btf.h"

namespace cs {

const char* const kTracefsMountHint = "mount -t tracefs tracefs /sys/kernel/tracing";

const char* tier_name(Tier t) {
  switch (t) {
    case Tier::Fentry: return "fentry";
    case Tier::Btf: return "tp_btf";
    case Tier::Raw: return "raw_tp";
    case Tier::Kprobe: return "kprobe";
    case Tier::Tracepoint: return "tracepoint";
    case Tier::None: break;
  }
  return "none";
}

static std::string suffix_of(const std::string& name) {
  size_t p = name.rfind("__");
  return p == std::string::npos ? "" : name.substr(p + 2);
}

Tier program_tier(const std::string& name) {
  std::string s = suffix_of(name);
  if (s == "fentry" || s == "fexit") return Tier::Fentry;
  if (s == "btf") return Tier::Btf;
  if (s == "raw") return Tier::Raw;
  if (s == "kprobe" || s == "kretprobe") return Tier::Kprobe;
  if (s == "tp") return Tier::Tracepoint;
  return Tier::None;
}

std::string hook_name(const std::string& name) {
  if (program_tier(name) == Tier::None) return name;
  return name.substr(0, name.rfind("__"));
}

std::string HookPlan::key() const {
  std::string k;
  for (const auto* list : {&unused, &optional}) {
    k += list == &unused ? "-" : "~";
    for (const std::string& h : *list) k += h + ",";
  }
  return k == "-~" ? "" : k;
}

std::string tracefs_dir() {
  // libbpf uses the debugfs path whenever it exists, so look where it will.
  const char* dir = access("/sys/kernel/debug/tracing", F_OK) == 0 ? "/sys/kernel/debug/tracing"
                                                                     : "/sys/kernel/tracing";
  std::string events = std::string(dir) + "/events";
  return access(events.c_str(), F_OK) == 0 ? dir : "";
}

// Section "fexit/do_sys_openat2" -> "do_sys_openat2".
static std::string section_target(bpf_program* prog) {
  const char* sec = bpf_program__section_name(prog);
  const char* slash = std::strchr(sec, '/');
  return slash ? slash + 1 : "";
}

// Number of u64 context slots a BTF-based program on target sees: the
// function's arguments (plus the return value for fexit), or a raw
// tracepoint's arguments after its leading `void *__data`.
static int ctx_slots(const btf* vmlinux, int id, bpf_attach_type type) {
  const btf_type* t = btf__type_by_id(vmlinux, id);
  if (!t) return 0;
  if (type == BPF_TRACE_RAW_TP) {  // typedef btf_trace_X -> PTR -> FUNC_PROTO
    t = btf__type_by_id(vmlinux, t->type);
    if (t && btf_is_ptr(t)) t = btf__type_by_id(vmlinux, t->type);
    return t && btf_is_func_proto(t) && btf_vlen(t) > 0 ? btf_vlen(t) - 1 : 0;
  }
  t = btf__type_by_id(vmlinux, t->type);  // FUNC -> FUNC_PROTO
  if (!t || !btf_is_func_proto(t)) return 0;
  // fexit also sees the return value, unless the function returns void
  // (5.10 refuses a read of that slot).
  return btf_vlen(t) + (type == BPF_TRACE_FEXIT && t->type != 0 ? 1 : 0);
}

// BTF id a tracing program of this type attaches to, as libbpf finds it.
static int target_btf_id(const btf* vmlinux, const std::string& target, bpf_attach_type type) {
  if (!vmlinux) return -1;
  if (type == BPF_TRACE_RAW_TP)
    return btf__find_by_name_kind(vmlinux, ("btf_trace_" + target).c_str(), BTF_KIND_TYPEDEF);
  return btf__find_by_name_kind(vmlinux, target.c_str(), BTF_KIND_FUNC);
}

static bool probe_tracing(bpf_program* prog, const btf* vmlinux, const std::string& target,
                          std::string* why) {
  bpf_attach_type type = bpf_program__expected_attach_type(prog);
  int id = target_btf_id(vmlinux, target, type);
  if (id < 0) {
    if (why) *why = target + " is not in the kernel's BTF";
    return false;
  }
  // Read every context slot, as the real program may: some kernels (5.10)
  // refuse an argument whose BTF type is a forward declaration.
  std::vector<bpf_insn> insns;
  int slots = ctx_slots(vmlinux, id, type);
  for (int i = 0; i < slots && i < 12; i++) {
    bpf_insn ld = {};
    ld.code = BPF_LDX | BPF_MEM | BPF_DW;  // r0 = *(u64 *)(r1 + 8 * i)
    ld.dst_reg = BPF_REG_0;
    ld.src_reg = BPF_REG_1;
    ld.off = static_cast<__s16>(8 * i);
    insns.push_back(ld);
  }
  bpf_insn mov = {}, ex = {};
  mov.code = BPF_ALU64 | BPF_MOV | BPF_K;  // r0 = 0
  ex.code = BPF_JMP | BPF_EXIT;
  insns.push_back(mov);
  insns.push_back(ex);
  LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = type,
              .attach_btf_id = static_cast<__u32>(id));
  int fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, nullptr, "GPL", insns.data(),
                         insns.size(), &opts);
  if (fd < 0) {
    if (why) *why = "the kernel refuses BTF-based programs on " + target + " (" +
                    errno_text(errno) + ")";
    return false;
  }
  close(fd);
  return true;
}

static bool kernel_symbol_exists(const std::string& name) {
  FILE* f = std::fopen("/proc/kallsyms", "r");
  if (!f) return false;
  char line[512];
  bool found = false;
  while (!found && std::fgets(line, sizeof line, f)) {
    char sym[256];
    if (std::sscanf(line, "%*s %*s %255s", sym) == 1 && name == sym) found = true;
  }
  std::fclose(f);
  return found;
}

bool flavour_available(bpf_program* prog, const btf* vmlinux, std::string* why) {
  std::string target = section_target(prog);
  switch (bpf_program__type(prog)) {
    case BPF_PROG_TYPE_TRACING:
      return probe_tracing(prog, vmlinux, target, why);
    case BPF_PROG_TYPE_RAW_TRACEPOINT:
      // A raw tracepoint needs no BTF, but where the kernel has BTF, a
      // tracepoint without a btf_trace_<name> type does not exist.
      if (!vmlinux) return true;
      if (target_btf_id(vmlinux, target, BPF_TRACE_RAW_TP) >= 0) return true;
      if (why) *why = "tracepoint " + target + " does not exist on this kernel";
      return false;
    case BPF_PROG_TYPE_KPROBE:
      // libbpf attaches through the kprobe PMU; without it (no CONFIG_KPROBES)
      // nothing else would work either.
      if (access("/sys/bus/event_source/devices/kprobe/type", F_OK) != 0) {
        if (why) *why = "this kernel has no kprobes";
        return false;
      }
      if (kernel_symbol_exists(target)) return true;
      if (why) *why = "kernel function " + target + " does not exist";
      return false;
    case BPF_PROG_TYPE_TRACEPOINT: {
      std::string dir = tracefs_dir();
      if (dir.empty()) {
        if (why) *why = std::string("tracefs is not mounted; run: ") + kTracefsMountHint;
        return false;
      }
      if (access((dir + "/events/" + target).c_str(), F_OK) == 0) return true;
      if (why) *why = "tracepoint " + target + " does not exist";
      return false;
    }
    default:
      return true;
  }
}

// The order choose_flavours() tries: raw_tp before tp_btf, because the two
// run the same bodies the same way (bpf_trace_run, BPF_CORE_READ) and a
// raw_tp program needs no kernel BTF in libbpf, which then parses none at
// all when the CO-RE types come from the start-up cache.
constexpr Tier kPreference[] = {Tier::Fentry, Tier::Raw, Tier::Btf, Tier::Kprobe, Tier::Tracepoint};

// The tiers --attach allows.
static bool mode_allows(AttachMode m, Tier t) {
  switch (m) {
    case AttachMode::Fentry: return t == Tier::Fentry || t == Tier::Btf;
    case AttachMode::Raw: return t == Tier::Raw || t == Tier::Kprobe;
    case AttachMode::Tracepoint: return t == Tier::Tracepoint;
    case AttachMode::Auto: break;
  }
  return true;
}

Tier choose_flavours(bpf_object* obj, AttachMode mode, VmlinuxBtf& vmlinux, const HookPlan& plan,
                     std::optional<Tier> known) {
  auto listed = [](const std::vector<std::string>& l, const std::string& hook) {
    return std::find(l.begin(), l.end(), hook) != l.end();
  };
  std::vector<bpf_program*> by_tier[kTiers], optional;
  bool any = false;
  bpf_program* prog;
  bpf_object__for_each_program(prog, obj) {
    std::string name = bpf_program__name(prog), hook = hook_name(name);
    if (listed(plan.unused, hook)) {
      bpf_program__set_autoload(prog, false);
      continue;
    }
    Tier t = program_tier(name);
    if (listed(plan.optional, hook)) optional.push_back(prog);
    else if (t != Tier::None) by_tier[static_cast<int>(t)].push_back(prog), any = true;
  }
  // Parsed only if a probe needs it.
  auto available = [&](bpf_program* p, std::string* why) { return flavour_available(p, vmlinux.get(), why); };
  auto keep_only = [&](Tier chosen) {
    for (int t = 0; t < kTiers; t++)
      for (bpf_program* p : by_tier[t]) bpf_program__set_autoload(p, t == static_cast<int>(chosen));
    for (bpf_program* p : optional) {
      Tier t = program_tier(bpf_program__name(p));
      bool ours = t == Tier::None || t == chosen;
      bpf_program__set_autoload(p, ours && available(p, nullptr));
    }
    bpf_map* m;
    bpf_object__for_each_map(m, obj) {
      Tier t = program_tier(bpf_map__name(m));
      if (t != Tier::None) bpf_map__set_autocreate(m, t == chosen);
    }
    return chosen;
  };
  if (!any) return keep_only(Tier::None);  // nothing to choose
  if (known && *known != Tier::None && !by_tier[static_cast<int>(*known)].empty() &&
      mode_allows(mode, *known))
    return keep_only(*known);
  Tier chosen = Tier::None;
  bool allowed_any = false;
  std::string reasons;
  for (Tier tier : kPreference) {
    if (chosen != Tier::None) break;
    int t = static_cast<int>(tier);
    if (by_tier[t].empty() || !mode_allows(mode, tier)) continue;
    allowed_any = true;
    bool ok = true;
    for (bpf_program* p : by_tier[t]) {
      std::string why;
      if (available(p, &why)) continue;
      ok = false;
      if (!reasons.empty()) reasons += "; ";
      reasons += std::string(bpf_program__section_name(p)) + ": " + why;
      break;
    }
    if (ok) chosen = tier;
  }
  if (!allowed_any) usage_error("this tool has no programs of the kind --attach asks for");
  if (chosen == Tier::None) throw NoAttachableHook("cannot attach on this kernel: " + reasons);
  return keep_only(chosen);
}

}  // namespace cs
