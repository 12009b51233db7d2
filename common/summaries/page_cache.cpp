#include "common/summaries/page_cache.h"

#include <cstdio>
#include <string>

#include "common/output/notice.h"
#include "common/system/kernel_btf.h"

namespace cs {

PageCacheHooks::PageCacheHooks(const Common& c) : folios_(KernelBtf(c.btf_path).has_struct("folio")) {}

HookPlan PageCacheHooks::plan() const {
  return HookPlan()
      .without(folios_ ? "mark_page_accessed" : "folio_mark_accessed")
      .may_lack("writeback_dirty_folio")
      .may_lack("writeback_dirty_page");
}

bool PageCacheHooks::hits_counted(Tier tier, const std::string& shown) const {
  if (tier == Tier::Fentry || tier == Tier::Kprobe) return true;
  warn(std::string("hits not counted: page-cache accesses have no tracepoint, and this kernel has "
                   "neither fentry nor kprobes for ") +
       (folios_ ? "folio_mark_accessed" : "mark_page_accessed") + " (" + shown + ")");
  return false;
}

MemInfo read_meminfo() {
  MemInfo m;
  std::FILE* f = std::fopen("/proc/meminfo", "re");
  if (!f) return m;
  char line[256];
  unsigned long long kb;
  while (std::fgets(line, sizeof line, f)) {
    if (std::sscanf(line, "Buffers: %llu kB", &kb) == 1) m.buffers_mb = kb / 1024;
    else if (std::sscanf(line, "Cached: %llu kB", &kb) == 1) m.cached_mb = kb / 1024;
  }
  std::fclose(f);
  return m;
}

}  // namespace cs
