// dcstat: dcache lookups per second (references, slow lookups, misses) and
// the hit ratio, one line per interval, as bcc's dcstat.
#include <cstdio>
#include <optional>

#include "common/output/json.h"
#include "common/output/output.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/rate_lines.h"
#include "dcstat.h"
#include "dcstat.skel.h"

namespace {

int body(int argc, char** argv) {
  cs::Cli cli("Count directory cache (dcache) lookups");
  cli.interval_count().pid_filter("-p,--pid", "Count only the lookups of this PID").examples(R"(EXAMPLES:
  dcstat                # interval one second
  dcstat 5 3            # interval five seconds, three output lines
  dcstat --json         # one JSON object per interval, with the raw counts)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  cs::Common& c = cli.common();
  if (c.interval == 0) c.interval = 1;

  std::optional<cs::Skeleton<dcstat_bpf>> skel;
  try {
    skel.emplace(c);
  } catch (const cs::NoAttachableHook& e) {
    if (c.attach != cs::AttachMode::Auto) throw;
    cs::fail("fentry and kprobes are not available on this system: lookup_fast and d_lookup, "
             "where dcache lookups are counted, have no tracepoints");
  }
  skel->load_and_attach();
  // The order of enum dcstat_kind; bcc's header counts the "/s" in the width.
  cs::RateLines rates({{"REFS", "refs"}, {"SLOW", "slow"}, {"MISS", "miss"}}, 8, true);
  cs::Output& out = cs::out();
  if (!c.json) out.printf("%s %8s\n", rates.header().c_str(), "HIT%");
  return cs::run_loop(c, nullptr, [&] {
    const auto& n = rates.take((*skel)->bss->counts);
    uint64_t refs = n[DCSTAT_REFS], miss = n[DCSTAT_MISS];
    double hit = refs > 0 && miss <= refs ? 100.0 * (refs - miss) / refs : 0.0;
    if (c.json) out.put(rates.json(c.interval).real("hit_pct", hit).end());
    else out.printf("%s %8.2f\n", rates.row(c.interval).c_str(), hit);
  });
}

}  // namespace

CS_TOOL_MAIN(body)
