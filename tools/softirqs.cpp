// softirqs: time spent in soft interrupt handlers per vector (timer,
// net_rx, ...), as totals or log2 histograms.
#include <bpf/libbpf.h>

#include <cstdio>
#include <string>
#include <vector>

#include "common/names/softirq_names.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/irq_table.h"
#include "softirqs.h"
#include "softirqs.skel.h"

namespace {

const cs::IrqStyle kStyle{
    .kind = "softirq",
    .rows_key = "softirqs",
    .column = "SOFTIRQ",
    .name_width = 16,
    .blank_after_hist = true,
    .count_help = "Show the number of handler runs instead of their time",
    .dist_help = "Print a histogram of handler times per vector",
    .cpu_flag = "-c,--cpu",
    .cpu_help = "Count only softirqs run on this CPU",
};

int body(int argc, char** argv) {
  cs::Cli cli("Summarize the time spent in soft interrupt handlers");
  cs::IrqOptions o;
  cs::add_irq_options(cli, o, kStyle);
  cli
      .examples(R"(EXAMPLES:
  softirqs            # total time per softirq vector, at Ctrl-C
  softirqs -C 1       # every second, with the number of runs
  softirqs -d         # histograms of handler times
  softirqs -NT 1 5    # 1s summaries in nanoseconds with the time, 5 times
  softirqs -c 1       # softirqs run on CPU 1 only
  softirqs --json 1   # one JSON object per second)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::Skeleton<softirqs_bpf> skel(c);
  skel->rodata->in_ns = o.ns;
  skel->rodata->filter_cpu = cli.given("--cpu") ? static_cast<int32_t>(o.cpu) : -1;
  skel.load_and_attach();

  const char* banner = "Tracing soft irq event time... Hit Ctrl-C to end.\n";
  cs::print_banner(c, banner);

  // Counts instead of time, as -C means in bcc's and libbpf-tools' irq tools.
  cs::IrqColumns cols = o.count ? cs::IrqColumns::Count : cs::IrqColumns::Time;
  auto on_summary = [&] {
    auto stats = cs::read_hash_map<uint32_t, cs_irq_stat>(bpf_map__fd(skel->maps.stats), true);
    std::vector<cs::IrqRow> rows;
    for (auto& [vec, s] : stats) rows.push_back({cs::softirq_name(vec), s});
    cs::print_irq_summary(o, rows, kStyle, cols, cs::IrqColumns::TimeAndCount);
  };
  return cs::run_loop(c, nullptr, on_summary);
}

}  // namespace

CS_TOOL_MAIN(body)
