// cachestat: page-cache hits, misses and dirtied pages per interval, with
// the kernel's buffer and page-cache sizes, as libbpf-tools' cachestat.
#include <bpf/libbpf.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <type_traits>

#include "common/output/clock.h"
#include "common/output/json.h"
#include "common/output/output.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/page_cache.h"
#include "cachestat.h"
#include "cachestat.skel.h"

namespace {

int body(int argc, char** argv) {
  cs::Cli cli("Count cache kernel function calls.");
  bool timestamp = false;
  cli.flag("-T,--timestamp", timestamp, "Print timestamp")
      .interval_count()
      .examples(R"(EXAMPLES:
  cachestat             # shows hits and misses to the file system page cache
  cachestat -T          # include timestamps
  cachestat 1 10        # print 1 second summaries, 10 times
  cachestat --json      # one JSON object per interval, with the raw counts)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  cs::Common& c = cli.common();
  if (c.interval == 0) c.interval = 1;

  cs::PageCacheHooks hooks(c);
  cs::Skeleton<cachestat_bpf> skel(c, hooks.plan());
  skel.load_and_attach();
  bool hits = hooks.hits_counted(skel.prepared().tier, "HITS and HITRATIO show -");

  cs::Output& out = cs::out();
  if (!c.json) {
    if (timestamp) out.printf("%-8s ", "TIME");
    out.printf("%8s %8s %8s %8s %12s %10s\n", "HITS", "MISSES", "DIRTIES", "HITRATIO", "BUFFERS_MB",
               "CACHED_MB");
  }

  std::remove_reference_t<decltype(*skel->bss)> bss{};
  uint64_t prev[CS_PC_KINDS] = {};
  uint32_t zero = 0;
  return cs::run_loop(c, nullptr, [&] {
    if (bpf_map__lookup_elem(skel->maps.bss, &zero, sizeof zero, &bss, sizeof bss, 0))
      cs::fail("cannot read the counters: " + cs::errno_text(errno));
    int64_t n[CS_PC_KINDS];
    for (int i = 0; i < CS_PC_KINDS; i++) {
      n[i] = static_cast<int64_t>(bss.counts[i] - prev[i]);
      prev[i] = bss.counts[i];
    }
    // bcc's arithmetic: accesses less buffer dirtying are the lookups, pages
    // added less those dirtied (written, not read) are the read misses.
    int64_t total = std::max<int64_t>(n[CS_PC_ACCESSED] - n[CS_PC_BUFFERS_DIRTIED], 0);
    int64_t misses = std::max<int64_t>(n[CS_PC_ADDED] - n[CS_PC_DIRTIED], 0);
    int64_t hit = total - misses;
    if (hit < 0) misses = total, hit = 0;
    if (!hits) hit = 0;
    double ratio = total > 0 ? 100.0 * hit / total : 0.0;
    cs::MemInfo mem = cs::read_meminfo();
    if (c.json) {
      cs::Json j;
      j.str("type", "counts").str("time", cs::wall_hms_now()).real("interval_s", c.interval);
      if (hits) j.num("hits", hit).num("misses", misses).real("hit_ratio", ratio);
      else j.null("hits").num("misses", misses).null("hit_ratio");
      j.num("dirties", n[CS_PC_BUFFERS_DIRTIED])
          .unum("buffers_mb", mem.buffers_mb)
          .unum("cached_mb", mem.cached_mb);
      if (hits) j.num("accessed", n[CS_PC_ACCESSED]);
      else j.null("accessed");
      j.num("added", n[CS_PC_ADDED]).num("dirtied", n[CS_PC_DIRTIED]);
      out.put(j.end());
      return;
    }
    if (timestamp) out.printf("%-8s ", cs::wall_hms_now().c_str());
    if (hits) out.printf("%8lld ", static_cast<long long>(hit));
    else out.printf("%8s ", "-");
    out.printf("%8lld %8lld ", static_cast<long long>(misses),
               static_cast<long long>(n[CS_PC_BUFFERS_DIRTIED]));
    if (hits) out.printf("%7.2f%% ", ratio);
    else out.printf("%8s ", "-");
    out.printf("%12llu %10llu\n", static_cast<unsigned long long>(mem.buffers_mb),
               static_cast<unsigned long long>(mem.cached_mb));
  });
}

}  // namespace

CS_TOOL_MAIN(body)
