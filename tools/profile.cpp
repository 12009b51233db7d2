// profile: sample stack traces on every CPU at a timed interval and print
// the distinct stacks with their counts when it ends.
#include <algorithm>
#include <cstring>

#include "common/base/fixed_str.h"
#include "common/output/output.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/perf_sampling.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/merge_alike.h"
#include "common/summaries/stack_counts.h"
#include "common/system/cpus.h"
#include "profile.h"
#include "profile.skel.h"

namespace {

struct Options {
  bool user_only = false, kernel_only = false, delimited = false, idle = false, annotate = false;
  uint64_t freq = 49, period = 0;
  uint32_t cpu = 0;
  cs::StackMapOptions stacks;
};

std::string banner(const cs::Cli& cli, const cs::Common& c, const Options& o) {
  std::string s = o.period ? "Sampling at every " + std::to_string(o.period) + " events of "
                           : "Sampling at " + std::to_string(o.freq) + " Hertz of ";
  s += !c.pids.empty()   ? cs::ids_text("PID", c.pids)
       : !c.tids.empty() ? cs::ids_text("TID", c.tids)
                         : "all threads";
  s += o.user_only ? " by user stack" : o.kernel_only ? " by kernel stack" : " by user + kernel stack";
  if (cli.given("-C")) s += " on CPU#" + std::to_string(o.cpu);
  char dur[64];
  std::snprintf(dur, sizeof dur, " for %g secs.\n", c.duration);
  return s + (c.duration > 0 ? dur : "... Hit Ctrl-C to end.\n");
}

int body(int argc, char** argv) {
  cs::Cli cli("Profile CPU usage by sampling stack traces at a timed interval");
  Options o;
  cli.pid_filter("-p,--pid", "Profile these processes only (PIDs, comma-separated)")
      .tid_filter("-L,--tid", "Profile these threads only (TIDs, comma-separated)");
  cs::add_stack_side_flags(cli, o.user_only, o.kernel_only, o.delimited);
  cli.option("-F,--frequency", o.freq, "Sample frequency, Hertz (default 49)", 1, 1000000, "HZ")
      .option("-c,--count", o.period, "Sample period: one sample every N ns of CPU time", 1000,
              UINT64_MAX, "N")
      .flag("-a,--annotations", o.annotate, "Mark kernel frames with _[k] (bcc's -a, for flame graphs)")
      .flag("-I,--include-idle", o.idle, "Include CPU idle stacks")
      .folded("-f,--folded", "Print folded stacks, one line per stack (for flame graphs)")
      .option("-C,--cpu", o.cpu, "Sample this CPU only", 0, 1u << 20, "CPU")
      .cgroup_filter("--cgroup");
  cs::add_stack_map_options(cli, o.stacks);
  cli.duration_positional()
      .excludes("-p", "-L")
      .excludes("-F", "-c")
      .examples(R"(EXAMPLES:
  profile             # profile stack traces at 49 Hertz until Ctrl-C
  profile -F 99       # profile stack traces at 99 Hertz
  profile -c 1000000  # one sample per millisecond of CPU time
  profile 5           # profile at 49 Hertz for 5 seconds only
  profile -f 5        # output in folded format for flame graphs
  profile -p 185      # only profile process with PID 185
  profile -L 185      # only profile thread with TID 185
  profile -U          # only show user space stacks (no kernel)
  profile -K          # only show kernel space stacks (no user)
  profile -af 5       # folded, kernel frames marked _[k]
  profile --json 5    # one JSON object per stack)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  if (o.period) o.freq = 0;

  std::vector<int> cpus = cs::online_cpus();
  if (cli.given("-C")) {
    if (std::find(cpus.begin(), cpus.end(), static_cast<int>(o.cpu)) == cpus.end())
      cs::usage_error("CPU " + std::to_string(o.cpu) + " is not online");
    cpus = {static_cast<int>(o.cpu)};
  }
  uint64_t max_rate = cs::read_sysctl_u64("/proc/sys/kernel/perf_event_max_sample_rate", UINT64_MAX);
  if (o.freq > max_rate)
    cs::usage_error("-F " + std::to_string(o.freq) + " exceeds kernel.perf_event_max_sample_rate (" +
                    std::to_string(max_rate) + ")");

  cs::Skeleton<profile_bpf> skel(c);
  skel->rodata->cs_user_stacks_only = o.user_only;
  skel->rodata->cs_kernel_stacks_only = o.kernel_only;
  skel->rodata->include_idle = o.idle;
  cs::size_stack_map(skel->maps.stackmap, o.stacks);
  bpf_map__set_max_entries(skel->maps.counts, std::max<uint32_t>(PROFILE_MIN_COUNTS, o.stacks.storage));
  skel.load_and_attach();
  for (bpf_link* l : cs::attach_cpu_clock(skel->progs.do_perf_event, cpus, o.freq, o.period))
    skel.adopt(l);

  if (c.json || c.folded) std::fputs(banner(cli, c, o).c_str(), stderr);
  else cs::out().put(banner(cli, c, o));

  // A sample is what the CPU ran: no tracer frames to trim.
  cs::StackResolver stacks(bpf_map__fd(skel->maps.stackmap), o.stacks.depth,
                           {.user = !o.kernel_only, .kernel = !o.user_only, .trim_tracer = false});
  int counts_fd = bpf_map__fd(skel->maps.counts);
  auto on_summary = [&] {
    // Most frequent first, as libbpf-tools prints them; ties in key order.
    auto rows = cs::read_by_weight<profile_key, uint64_t>(counts_fd, [](uint64_t n) { return n; });
    std::vector<cs::StackRecord> recs;
    recs.reserve(rows.size());
    for (auto& [key, count] : rows) {
      if (!count) continue;
      cs::StackRecord& r = recs.emplace_back();
      r.comm = cs::fixed_str(key.comm);
      r.pid = key.pid;
      r.count = count;
      r.kernel = stacks.kernel(key.kern_stack_id);
      // flamegraph.pl colours frames ending in _[k] as kernel code.
      if (o.annotate && !r.kernel.missed)
        for (std::string& f : r.kernel.frames) f += "_[k]";
      r.user = stacks.user(key.user_stack_id, key.pid);
    }
    // A folded line names no pid: one line per comm and stack.
    cs::merge_alike(recs, [&](const cs::StackRecord& r) { return cs::stack_identity(r, !c.folded); },
                    &cs::StackRecord::count);
    cs::StackReport report =
        cs::user_kernel_stack_report(c.folded, o.delimited, "    -                {comm} ({pid})\n");
    report.rows.reserve(recs.size());
    for (const cs::StackRecord& r : recs)
      report.rows.push_back({.labels = {{"comm", r.comm}, {"pid", r.pid}},
                             .stacks = cs::user_kernel_frames(r),
                             .count = r.count});
    cs::sink().stacks(report);
    cs::out().flush();
    stacks.warn_missed();
    cs::warn_uncounted(skel.obj(), "samples dropped: too many distinct stacks");
  };
  auto keep = stacks.keeping_processes_of<profile_key>(
      counts_fd, [](const profile_key& k, auto keep_pid) { keep_pid(k.pid); });
  return cs::run_loop(c, nullptr, on_summary, keep);
}

}  // namespace

CS_TOOL_MAIN(body)
