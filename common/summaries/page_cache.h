// What cachestat and cachetop share on the user side: the hook plan of
// bpf/include/page_cache.bpf.h, whether the flavour chosen counts page-cache
// accesses (and the one warning when it does not), and the kernel's buffer
// and page-cache sizes.
#pragma once
#include <cstdint>
#include <string>

#include "common/cli/cli.h"
#include "common/runtime/flavours.h"

namespace cs {

class PageCacheHooks {
 public:
  // Reads the kernel's BTF (c.btf_path) once: struct folio (5.16+) says which
  // access function the kernel has.
  explicit PageCacheHooks(const Common& c);
  // One access hook (mark_page_accessed calls folio_mark_accessed where both
  // exist), and the dirty tracepoint of either name.
  HookPlan plan() const;
  // Whether tier counts accesses (fentry, kprobe); when not, warns once:
  // "hits not counted: ... (<shown>)", shown naming the columns left "-".
  bool hits_counted(Tier tier, const std::string& shown) const;

 private:
  bool folios_ = false;
};

struct MemInfo {
  uint64_t buffers_mb = 0, cached_mb = 0;  // Buffers and Cached of /proc/meminfo
};
MemInfo read_meminfo();

}  // namespace cs
