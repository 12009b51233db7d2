// wqlat: how long work items wait on kernel workqueues before a worker
// starts them, as log2 histograms (bcc's wqlat).
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "common/base/fixed_str.h"
#include "common/output/clock.h"
#include "common/output/escape.h"
#include "common/output/output.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "wqlat.h"
#include "wqlat.skel.h"

namespace {

struct Options {
  bool timestamp = false, ns = false, per_wq = false;
  std::string name;
};

int body(int argc, char** argv) {
  cs::Cli cli("Summarize how long work items wait on kernel workqueues");
  Options o;
  cli.flag("-T,--timestamp", o.timestamp, "Print the time (HH:MM:SS) above each summary")
      .flag("-N,--nanoseconds", o.ns, "Histogram in nanoseconds instead of microseconds")
      .flag("-W,--workqueues", o.per_wq, "Print a histogram per workqueue")
      .option("-w,--wqname", o.name, "Count only the workqueue named NAME", "NAME")
      .interval_count()
      .examples(R"(EXAMPLES:
  wqlat                   # one histogram of all workqueues, at Ctrl-C
  wqlat 1 10              # print 1 second summaries, 10 times
  wqlat -W 1              # a histogram per workqueue, every second
  wqlat -NT 1             # 1s summaries in nanoseconds, with the time
  wqlat -w writeback 1    # the workqueue named "writeback" only
  wqlat --json -W 1       # one JSON object per second)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  if (cli.given("--wqname") && (o.name.empty() || o.name.size() >= WQLAT_NAME_LEN))
    cs::usage_error("--wqname: a workqueue name has 1 to " + std::to_string(WQLAT_NAME_LEN - 1) +
                    " characters");
  const char* unit = o.ns ? "nsecs" : "usecs";

  cs::Skeleton<wqlat_bpf> skel(c);
  skel->rodata->per_wq = o.per_wq;
  skel->rodata->in_ns = o.ns;
  skel->rodata->filter_on = !o.name.empty();
  std::memcpy(const_cast<char*>(skel->rodata->filter_name), o.name.data(), o.name.size());
  skel.load_and_attach();

  const char* banner = "Tracing work queue request latency time... Hit Ctrl-C to end.\n";
  if (c.json) std::fputs(banner, stderr);
  else cs::out().put(banner);

  auto on_summary = [&] {
    auto hists = cs::read_hash_map<wqlat_key, wqlat_hist>(bpf_map__fd(skel->maps.hists), true);
    cs::HistogramReport r;
    r.unit = unit;
    r.time = cs::wall_hms_now();
    r.text_before = o.timestamp ? "\n" + r.time + "\n" : "\n";
    // Without -W the map has one key at most: one histogram, even empty.
    if (!o.per_wq && hists.empty()) r.hists.emplace_back();
    for (const auto& [k, hist] : hists) {
      cs::Histogram& h = r.hists.emplace_back();
      if (o.per_wq) {
        std::string_view name = cs::fixed_str(k.name);
        h.text_before = "\nwqname = " + cs::text_escaped(name) + "\n";
        h.labels.push_back({"wqname", name});
      }
      h.slots.assign(hist.slots, hist.slots + WQLAT_SLOTS);
    }
    cs::sink().histograms(r);
  };
  return cs::run_loop(c, nullptr, on_summary);
}

}  // namespace

CS_TOOL_MAIN(body)
