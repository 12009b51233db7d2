// What start-up would otherwise work out again at every run, kept per kernel
// and per BPF object under /var/cache/corescope/<kernel build id>/:
//
//   <object hash>.btf          the kernel types the object's CO-RE relocations
//                              can use (system/core_btf.h), given to libbpf as
//                              btf_custom_path instead of the whole kernel BTF
//   <object hash>.<attach>[.<plan hash>].tier  the hook type choose_flavours()
//                              settled on, for that --attach and hook plan
//
// A kernel is known by the GNU build id in /sys/kernel/notes, so another
// kernel, or the same release rebuilt, never reads another's entries; a
// changed tool is another object hash.  Off with --btf (the user's BTF
// wins), when the kernel has no build id, or with CORESCOPE_CACHE=off;
// CORESCOPE_CACHE=DIR puts it elsewhere.  Anything unreadable or
// unwritable is a miss, never an error: the cache only saves time.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

#include "common/cli/cli.h"
#include "common/runtime/flavours.h"
#include "common/system/kernel_btf.h"

struct bpf_object;

namespace cs {

class StartupCache {
 public:
  StartupCache(const Common& c, const void* object, size_t size, const HookPlan& plan = {});

  bool enabled() const { return !dir_.empty(); }
  // The cached CO-RE BTF for btf_custom_path, or nullptr.
  const char* core_btf() const { return have_btf_ ? btf_path_.c_str() : nullptr; }
  // Builds and writes it from the open object and the kernel's BTF; true
  // when core_btf() names it now (reopen the object to use it).
  bool store_core_btf(bpf_object* obj, VmlinuxBtf& vmlinux);

  std::optional<Tier> tier() const { return tier_; }
  void store_tier(Tier t);

 private:
  std::string dir_, btf_path_, tier_path_;
  bool have_btf_ = false;
  std::optional<Tier> tier_;
};

// The running kernel's GNU build id in hex, "" when it has none.
std::string kernel_build_id();

}  // namespace cs
