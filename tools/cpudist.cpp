// cpudist: summarize on-CPU (or, with -O, off-CPU) time per task as log2
// histograms.
#include <cstdio>

#include "common/output/output.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/task_hists.h"
#include "cpudist.h"
#include "cpudist.skel.h"

namespace {

struct Options : cs::TaskHistOptions {
  bool offcpu = false, idle = false;
};

int body(int argc, char** argv) {
  cs::Cli cli("Summarize on-CPU time per task as a histogram");
  Options o;
  cli.flag("-O,--offcpu", o.offcpu, "Measure off-CPU time");
  cs::add_task_hist_options(cli, o, false);
  cli.flag("-I,--include-idle", o.idle, "Include the CPUs' idle tasks (PID 0), as bcc's -I does")
      .pid_filter()
      .cgroup_filter()
      .interval_count()
      .examples(R"(EXAMPLES:
  cpudist              # summarize on-CPU time as a histogram
  cpudist -O           # summarize off-CPU time as a histogram
  cpudist 1 10         # print 1 second summaries, 10 times
  cpudist -mT 1        # 1s summaries, milliseconds, and timestamps
  cpudist -P           # show each PID separately
  cpudist -I           # include the idle tasks' time
  cpudist -p 185       # trace PID 185 only
  cpudist -c CG        # trace processes in cgroup (v2) directory CG only
  cpudist --json 1     # one JSON object per second)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  cs::TaskHistFormat fmt = o.format();

  cs::Skeleton<cpudist_bpf> skel(c);
  cs::set_task_hist_knobs(skel->rodata, o);
  skel->rodata->offcpu = o.offcpu;
  skel->rodata->include_idle = o.idle;
  if (!o.offcpu)  // the tracepoint flavour keeps off-CPU time there
    bpf_map__set_autocreate(skel->maps.pending__tp, false);
  skel.load_and_attach();

  std::string banner = std::string("Tracing ") + (o.offcpu ? "off" : "on") +
                       "-CPU time... Hit Ctrl-C to end.\n";
  cs::print_banner(c, banner);

  int fd = bpf_map__fd(skel->maps.hists);
  return cs::run_loop(c, nullptr, [&] { cs::print_task_hists(fd, fmt); });
}

}  // namespace

CS_TOOL_MAIN(body)
