// hardirqs: time spent in hard interrupt handlers (or how often they ran),
// per handler name, as totals or log2 histograms.
#include <bpf/libbpf.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "common/base/fixed_str.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/irq_table.h"
#include "hardirqs.h"
#include "hardirqs.skel.h"

namespace {

const cs::IrqStyle kStyle{
    .kind = "hardirq",
    .rows_key = "hardirqs",
    .column = "HARDIRQ",
    .name_width = 26,
    .blank_after_hist = false,
    .count_help = "Count handler runs instead of timing them",
    .dist_help = "Print a histogram of handler times per interrupt",
    .cpu_flag = "-s,--cpu",
    .cpu_help = "Count only interrupts handled on this CPU",
};

int body(int argc, char** argv) {
  cs::Cli cli("Summarize the time spent in hard interrupt handlers");
  cs::IrqOptions o;
  cs::add_irq_options(cli, o, kStyle);
  cli.cgroup_filter()
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

  // Counting happens at entry.
  cs::Skeleton<hardirqs_bpf> skel(c, cs::HookPlan().without("irq_handler_exit", o.count));
  skel->rodata->count_only = o.count;
  skel->rodata->in_ns = o.ns;
  skel->rodata->filter_cpu = cli.given("--cpu") ? static_cast<int32_t>(o.cpu) : -1;
  skel.load_and_attach();

  const char* banner = o.count ? "Tracing hard irq events... Hit Ctrl-C to end.\n"
                               : "Tracing hard irq event time... Hit Ctrl-C to end.\n";
  cs::print_banner(c, banner);

  cs::IrqColumns cols = o.count ? cs::IrqColumns::Count : cs::IrqColumns::Time;
  auto on_summary = [&] {
    auto stats = cs::read_hash_map<hardirqs_key, cs_irq_stat>(bpf_map__fd(skel->maps.stats), true);
    std::vector<cs::IrqRow> rows;
    for (auto& [k, s] : stats)
      rows.push_back({std::string(cs::fixed_str(k.name)), s});
    cs::print_irq_summary(o, rows, kStyle, cols, cols);
  };
  return cs::run_loop(c, nullptr, on_summary);
}

}  // namespace

CS_TOOL_MAIN(body)
