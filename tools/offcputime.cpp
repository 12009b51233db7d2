// offcputime: summarize the time threads spend blocked off-CPU, by kernel
// and user stack, printed when tracing ends.
#include <cstdio>
#include <cstring>

#include "common/base/fixed_str.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/blocked_time.h"
#include "offcputime.h"
#include "offcputime.skel.h"

namespace {

std::string banner(const cs::Common& c, const cs::OffCpuOptions& o) {
  std::string s = "Tracing off-CPU time (us) of ";
  s += !c.pids.empty()    ? cs::ids_text("PID", c.pids)
       : !c.tids.empty()  ? cs::ids_text("TID", c.tids)
       : o.user_threads   ? "user threads"
       : o.kernel_threads ? "kernel threads"
                          : "all threads";
  s += o.user_only ? " by user stack" : o.kernel_only ? " by kernel stack" : " by user + kernel stack";
  return s + cs::banner_end(c);
}

struct Row {
  cs::StackRecord r{};  // r.pid: the thread id, as bcc and libbpf-tools print it
  uint32_t tgid = 0;
  uint64_t usecs = 0;
};

int body(int argc, char** argv) {
  cs::Cli cli("Summarize off-CPU time by stack trace");
  cs::OffCpuOptions o;
  cs::add_offcpu_options(cli, o, "Print folded stacks, one line per stack (for flame graphs)");
  cli.examples(R"(EXAMPLES:
  offcputime             # trace off-CPU stack time until Ctrl-C
  offcputime 5           # trace for 5 seconds only
  offcputime -f 5        # 5 seconds, and output in folded format
  offcputime -m 1000     # trace only events that last more than 1000 usec
  offcputime -M 10000    # trace only events that last less than 10000 usec
  offcputime -p 185      # only trace threads for PID 185
  offcputime -t 188      # only trace thread 188
  offcputime -u          # only trace user threads (no kernel)
  offcputime -k          # only trace kernel threads (no user)
  offcputime -U          # only show user space stacks (no kernel)
  offcputime -K          # only show kernel space stacks (no user)
  offcputime --json 5    # one JSON object per stack)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  cs::check_offcpu_options(cli, o);

  cs::Skeleton<offcputime_bpf> skel(c);
  cs::set_offcpu_knobs(skel->rodata, o);
  cs::size_stack_map(skel->maps.stackmap, o.stacks);
  bpf_map__set_max_entries(skel->maps.counts, std::max<uint32_t>(OFFCPU_MIN_COUNTS, o.stacks.storage));
  skel.load_and_attach();
  cs::print_banner(c, banner(c, o));

  cs::StackResolver stacks(bpf_map__fd(skel->maps.stackmap), o.stacks.depth,
                           {!o.kernel_only, !o.user_only});
  cs::BlockedTimeReport<offcputime_key, Row> report{
      .counts_fd = bpf_map__fd(skel->maps.counts),
      .obj = skel.obj(),
      .dropped = "off-CPU periods not counted: too many distinct stacks",
      .row = [&](const offcputime_key& key, uint64_t usecs) {
        Row row{.tgid = key.pid, .usecs = usecs};
        row.r.comm = cs::fixed_str(key.comm);
        row.r.pid = key.tid;
        row.r.kernel = stacks.kernel(key.kern_stack_id);
        row.r.user = stacks.user(key.user_stack_id, static_cast<pid_t>(key.pid));
        return row;
      },
      .identity = [&](const Row& row) { return cs::stack_identity(row.r, !c.folded); },
      // bcc prints the thread id where profile prints the pid.
      .layout = cs::user_kernel_stack_report(c.folded, o.delimited,
                                             "    -                {comm} ({tid})\n"),
      .stack_row = [](const Row& row) -> cs::StackRow {
        return {.labels = {{"comm", row.r.comm}, {"pid", row.tgid}, {"tid", row.r.pid}},
                .stacks = cs::user_kernel_frames(row.r)};
      },
      .pids = [](const offcputime_key& k, const auto& keep) { keep(k.pid); },
  };
  return cs::run_blocked_time_report(c, stacks, report);
}

}  // namespace

CS_TOOL_MAIN(body)
