// dcstat: dcache lookups per second (references, slow lookups, misses) and
// the hit ratio, one line per interval, as bcc's dcstat.
#include <bpf/libbpf.h>

#include <cerrno>
#include <optional>
#include <string>
#include <type_traits>

#include "common/output/clock.h"
#include "common/output/json.h"
#include "common/output/output.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "dcstat.h"
#include "dcstat.skel.h"

namespace {

const char* const kNames[DCSTAT_KINDS] = {"REFS", "SLOW", "MISS"};
const char* const kKeys[DCSTAT_KINDS] = {"refs", "slow", "miss"};

int body(int argc, char** argv) {
  cs::Cli cli("Count directory cache (dcache) lookups");
  cli.pid_filter("-p,--pid", "Count only the lookups of this PID")
      .interval_count()
      .examples(R"(EXAMPLES:
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
  cs::Output& out = cs::out();
  if (!c.json) {
    out.printf("%-8s  ", "TIME");
    for (const char* name : kNames) out.printf(" %8s", (std::string(name) + "/s").c_str());
    out.printf(" %8s\n", "HIT%");
  }

  std::remove_reference_t<decltype(*(*skel)->bss)> bss{};
  uint64_t prev[DCSTAT_KINDS] = {};
  uint32_t zero = 0;
  return cs::run_loop(c, nullptr, [&] {
    if (bpf_map__lookup_elem((*skel)->maps.bss, &zero, sizeof zero, &bss, sizeof bss, 0))
      cs::fail("cannot read the counters: " + cs::errno_text(errno));
    uint64_t n[DCSTAT_KINDS];
    for (int i = 0; i < DCSTAT_KINDS; i++) {
      n[i] = bss.counts[i] - prev[i];
      prev[i] = bss.counts[i];
    }
    uint64_t refs = n[DCSTAT_REFS], miss = n[DCSTAT_MISS];
    double hit = refs > 0 && miss <= refs ? 100.0 * (refs - miss) / refs : 0.0;
    if (c.json) {
      cs::Json j;
      j.str("type", "counts").str("time", cs::wall_hms_now()).real("interval_s", c.interval);
      for (int i = 0; i < DCSTAT_KINDS; i++) j.unum(kKeys[i], n[i]);
      out.put(j.real("hit_pct", hit).end());
      return;
    }
    out.printf("%-8s: ", cs::wall_hms_now().c_str());
    for (uint64_t v : n) out.printf(" %8llu", static_cast<unsigned long long>(v / c.interval));
    out.printf(" %8.2f\n", hit);
  });
}

}  // namespace

CS_TOOL_MAIN(body)
