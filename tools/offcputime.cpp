// offcputime: summarize the time threads spend blocked off-CPU, by kernel
// and user stack, printed when tracing ends.
#include <cstdio>
#include <cstring>

#include "common/output/json.h"
#include "common/output/output.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/stack_counts.h"
#include "offcputime.h"
#include "offcputime.skel.h"

namespace {

struct Options {
  bool user_threads = false, kernel_threads = false, user_only = false, kernel_only = false;
  bool delimited = false;
  uint32_t state = 0;
  cs::StackMapOptions stacks;
  cs::BlockTimeOptions block;
};

std::string banner(const cs::Common& c, const Options& o) {
  std::string s = "Tracing off-CPU time (us) of ";
  s += !c.pids.empty()    ? cs::ids_text("PID", c.pids)
       : !c.tids.empty()  ? cs::ids_text("TID", c.tids)
       : o.user_threads   ? "user threads"
       : o.kernel_threads ? "kernel threads"
                          : "all threads";
  s += o.user_only ? " by user stack" : o.kernel_only ? " by kernel stack" : " by user + kernel stack";
  char dur[64];
  std::snprintf(dur, sizeof dur, " for %g secs.\n", c.duration);
  return s + (c.duration > 0 ? dur : "... Hit Ctrl-C to end.\n");
}

int body(int argc, char** argv) {
  cs::Cli cli("Summarize off-CPU time by stack trace");
  Options o;
  cli.pid_filter("-p,--pid", "Trace these PIDs only (comma-separated)")
      .tid_filter("-t,--tid", "Trace these TIDs only (comma-separated)")
      .flag("-u,--user-threads-only", o.user_threads, "User threads only (no kernel threads)")
      .flag("-k,--kernel-threads-only", o.kernel_threads, "Kernel threads only (no user threads)")
      .flag("-U,--user-stacks-only", o.user_only, "Show stacks from user space only (no kernel)")
      .flag("-K,--kernel-stacks-only", o.kernel_only, "Show stacks from kernel space only (no user)")
      .flag("-d,--delimited", o.delimited, "Insert a delimiter between kernel and user stacks")
      .folded("-f,--folded", "Print folded stacks, one line per stack (for flame graphs)")
      .option("--state", o.state,
              "Only threads leaving the CPU in this state: 0 = runnable (preempted), "
              "else a bitmask, e.g. 2 = TASK_UNINTERRUPTIBLE (include/linux/sched.h)",
              0, 0x7fffffff, "STATE");
  cs::add_block_time_options(cli, o.block);
  cs::add_stack_map_options(cli, o.stacks);
  cli.cgroup_filter("--cgroup")
      .duration_positional()
      .excludes("-p", "-t")
      .excludes("-p", "-k")
      .excludes("-t", "-k")
      .excludes("-u", "-k")
      .excludes("-U", "-K")
      .excludes("-k", "-U")
      .examples(R"(EXAMPLES:
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
  cs::check_block_time_options(o.block);

  cs::Skeleton<offcputime_bpf> skel(c);
  skel->rodata->cs_user_threads_only = o.user_threads;
  skel->rodata->cs_kernel_threads_only = o.kernel_threads;
  skel->rodata->cs_user_stacks_only = o.user_only;
  skel->rodata->cs_kernel_stacks_only = o.kernel_only;
  skel->rodata->cs_filter_state = cli.given("--state") ? o.state + 1 : 0;
  skel->rodata->cs_min_block_ns = o.block.min_ns();
  skel->rodata->cs_max_block_ns = o.block.max_ns();
  cs::size_stack_map(skel->maps.stackmap, o.stacks);
  bpf_map__set_max_entries(skel->maps.counts, std::max<uint32_t>(OFFCPU_MIN_COUNTS, o.stacks.storage));
  skel.load_and_attach();
  cs::print_banner(c, banner(c, o));

  cs::StackResolver stacks(bpf_map__fd(skel->maps.stackmap), o.stacks.depth,
                           {!o.kernel_only, !o.user_only});
  auto on_summary = [&] {
    cs::Output& out = cs::out();
    if (!c.json && !c.folded) out.put('\n');
    auto rows = cs::read_by_weight<offcputime_key, uint64_t>(bpf_map__fd(skel->maps.counts),
                                                             [](uint64_t ns) { return ns; });
    for (auto& [key, ns] : rows) {
      cs::StackRecord r;
      r.comm = std::string_view(key.comm, strnlen(key.comm, sizeof key.comm));
      r.pid = key.tid;  // bcc and libbpf-tools print the thread id
      r.count = ns / 1000;
      r.kernel = stacks.kernel(key.kern_stack_id);
      r.user = stacks.user(key.user_stack_id, static_cast<pid_t>(key.pid));
      if (c.json)
        out.put(cs::Json()
                    .str("comm", r.comm)
                    .unum("pid", key.pid)
                    .unum("tid", key.tid)
                    .unum("usecs", r.count)
                    .raw("ustack", cs::stack_frames_json(r.user))
                    .raw("kstack", cs::stack_frames_json(r.kernel))
                    .end());
      else if (c.folded)
        cs::append_folded(out.buffer(), r, o.delimited);
      else
        cs::append_multiline(out.buffer(), r, o.delimited);
      if (out.buffer().size() >= (1u << 16)) out.flush();
    }
    out.flush();
    stacks.warn_missed();
    if (uint64_t dropped = cs::read_global_u64(skel.obj(), "dropped_counts"))
      std::fprintf(stderr, "WARNING: %llu off-CPU periods not counted: too many distinct stacks\n",
                   static_cast<unsigned long long>(dropped));
  };
  return cs::run_loop(c, nullptr, on_summary);
}

}  // namespace

CS_TOOL_MAIN(body)
