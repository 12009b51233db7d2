// hardirqs: time spent in hard interrupt handlers (or how often they ran),
// per handler name, as totals or log2 histograms.
#include <bpf/libbpf.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "common/output/clock.h"
#include "common/output/json.h"
#include "common/output/keyed_hist.h"
#include "common/output/output.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/irq_table.h"
#include "hardirqs.h"
#include "hardirqs.skel.h"

namespace {

struct Options {
  bool count = false, dist = false, ns = false, timestamp = false;
  uint32_t cpu = 0;
};

const cs::IrqStyle kStyle{"hardirq", "HARDIRQ", 26, false};

int body(int argc, char** argv) {
  cs::Cli cli("Summarize the time spent in hard interrupt handlers");
  Options o;
  int cpus = libbpf_num_possible_cpus();
  cli.flag("-C,--count", o.count, "Count handler runs instead of timing them")
      .flag("-d,--distributed", o.dist, "Print a histogram of handler times per interrupt")
      .flag("-N,--nanoseconds", o.ns, "Times in nanoseconds instead of microseconds")
      .flag("-T,--timestamp", o.timestamp, "Print the time (HH:MM:SS) above each summary")
      .option("-s,--cpu", o.cpu, "Count only interrupts handled on this CPU", 0,
              cpus > 0 ? cpus - 1 : UINT32_MAX, "CPU")
      .cgroup_filter()
      .interval_count()
      .excludes("--count", "--distributed")
      .excludes("--count", "--nanoseconds")
      .examples(R"(EXAMPLES:
  hardirqs            # total time per interrupt handler, at Ctrl-C
  hardirqs -C 1       # how often each handler ran, every second
  hardirqs -d         # histograms of handler times
  hardirqs -NT 1 5    # 1s summaries in nanoseconds with the time, 5 times
  hardirqs -s 0       # interrupts handled on CPU 0 only
  hardirqs -c CG      # interrupts that hit a task of cgroup (v2) directory CG
  hardirqs --json 1   # one JSON object per second)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::Skeleton<hardirqs_bpf> skel(c);
  skel->rodata->count_only = o.count;
  skel->rodata->in_ns = o.ns;
  skel->rodata->filter_cpu = cli.given("--cpu") ? static_cast<int32_t>(o.cpu) : -1;
  if (o.count)  // counting happens at entry
    for (bpf_program* p : {skel->progs.irq_handler_exit__btf, skel->progs.irq_handler_exit__raw,
                           skel->progs.irq_handler_exit__tp})
      bpf_program__set_autoload(p, false);
  skel.load_and_attach();

  cs::Output& out = cs::out();
  const char* banner = o.count ? "Tracing hard irq events... Hit Ctrl-C to end.\n"
                               : "Tracing hard irq event time... Hit Ctrl-C to end.\n";
  if (c.json) std::fputs(banner, stderr);
  else out.put(banner);

  cs::IrqColumns cols = o.count ? cs::IrqColumns::Count : cs::IrqColumns::Time;
  auto on_summary = [&] {
    auto stats = cs::read_hash_map<hardirqs_key, cs_irq_stat>(bpf_map__fd(skel->maps.stats), true);
    std::vector<cs::IrqRow> rows;
    for (auto& [k, s] : stats)
      rows.push_back({std::string(k.name, strnlen(k.name, sizeof k.name)), s});
    std::string now = cs::wall_hms_now();
    if (c.json) {
      cs::Json j;
      j.str("time", now);
      if (!o.count) j.str("unit", o.ns ? "nsecs" : "usecs");
      j.raw(o.dist ? "hists" : "hardirqs", cs::irq_rows_json(rows, kStyle, cols, o.dist, o.ns));
      out.put(j.end());
      return;
    }
    out.put('\n');
    if (o.timestamp) out.printf("%-8s\n", now.c_str());
    if (o.dist) cs::append_irq_hists(out.buffer(), rows, kStyle, o.ns);
    else cs::append_irq_table(out.buffer(), rows, kStyle, cols, o.ns);
  };
  return cs::run_loop(c, nullptr, on_summary);
}

}  // namespace

CS_TOOL_MAIN(body)
