// runqlat: summarize run queue (scheduler) latency as log2 histograms.

#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/task_hists.h"
#include "runqlat.h"
#include "runqlat.skel.h"

namespace {

int body(int argc, char** argv) {
  cs::Cli cli("Summarize run queue (scheduler) latency as a histogram");
  cs::TaskHistOptions o;
  cs::add_task_hist_options(cli, o, true);
  cli.pid_filter()
      .cgroup_filter()
      .interval_count()
      .examples(R"(EXAMPLES:
  runqlat           # summarize run queue latency as a histogram
  runqlat 1 10      # print 1 second summaries, 10 times
  runqlat -mT 1     # 1s summaries, milliseconds, and timestamps
  runqlat -P        # show each PID separately
  runqlat -p 185    # trace PID 185 only
  runqlat -c CG     # trace processes in cgroup (v2) directory CG only
  runqlat --json 1  # one JSON object per second)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  cs::TaskHistFormat fmt = o.format();

  cs::Skeleton<runqlat_bpf> skel(c);
  cs::set_task_hist_knobs(skel->rodata, o);
  skel.load_and_attach();

  cs::print_banner(c, "Tracing run queue latency... Hit Ctrl-C to end.\n");

  int hists = bpf_map__fd(skel->maps.hists);
  auto on_summary = [&] { cs::print_task_hists(hists, fmt); };
  return cs::run_loop(c, nullptr, on_summary);
}

}  // namespace

CS_TOOL_MAIN(body)
