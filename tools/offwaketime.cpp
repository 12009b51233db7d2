// offwaketime: summarize off-CPU time by the blocked thread's stack together
// with the stack of the thread that woke it, printed when tracing ends.
#include <cstdio>
#include <cstring>

#include "common/output/json.h"
#include "common/output/output.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/stack_counts.h"
#include "offwaketime.h"
#include "offwaketime.skel.h"

namespace {

struct Options {
  bool user_threads = false, kernel_threads = false, user_only = false, kernel_only = false;
  bool delimited = false;
  uint32_t state = 0;
  cs::StackMapOptions stacks;
  cs::BlockTimeOptions block;
};

std::string banner(const cs::Common& c, const Options& o) {
  std::string s = "Tracing blocked time (us) by ";
  s += o.user_only ? "user" : o.kernel_only ? "kernel" : "user + kernel";
  s += " off-CPU and waker stack";
  char dur[64];
  std::snprintf(dur, sizeof dur, " for %g secs.\n", c.duration);
  return s + (c.duration > 0 ? dur : "... Hit Ctrl-C to end.\n");
}

int body(int argc, char** argv) {
  cs::Cli cli("Summarize blocked time by off-CPU stack and waker stack");
  Options o;
  cli.pid_filter("-p,--pid", "Trace these PIDs only (comma-separated)")
      .tid_filter("-t,--tid", "Trace these TIDs only (comma-separated)")
      .flag("-u,--user-threads-only", o.user_threads, "User threads only (no kernel threads)")
      .flag("-k,--kernel-threads-only", o.kernel_threads, "Kernel threads only (no user threads)")
      .flag("-U,--user-stacks-only", o.user_only, "Show stacks from user space only (no kernel)")
      .flag("-K,--kernel-stacks-only", o.kernel_only, "Show stacks from kernel space only (no user)")
      .flag("-d,--delimited", o.delimited, "Insert a delimiter between kernel and user stacks")
      .folded("-f,--folded", "Print folded stacks, one line per stack pair (for flame graphs)")
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
  offwaketime             # trace off-CPU + waker stack time until Ctrl-C
  offwaketime 5           # trace for 5 seconds only
  offwaketime -f 5        # 5 seconds, and output in folded format
  offwaketime -m 1000     # trace only events that last more than 1000 usec
  offwaketime -M 9000     # trace only events that last less than 9000 usec
  offwaketime -p 185      # only trace threads for PID 185
  offwaketime -t 188      # only trace thread 188
  offwaketime -u          # only trace user threads (no kernel)
  offwaketime -k          # only trace kernel threads (no user)
  offwaketime -U          # only show user space stacks (no kernel)
  offwaketime -K          # only show kernel space stacks (no user)
  offwaketime --json 5    # one JSON object per stack pair)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  cs::check_block_time_options(o.block);

  cs::Skeleton<offwaketime_bpf> skel(c);
  skel->rodata->cs_user_threads_only = o.user_threads;
  skel->rodata->cs_kernel_threads_only = o.kernel_threads;
  skel->rodata->cs_user_stacks_only = o.user_only;
  skel->rodata->cs_kernel_stacks_only = o.kernel_only;
  skel->rodata->cs_filter_state = cli.given("--state") ? o.state + 1 : 0;
  skel->rodata->cs_min_block_ns = o.block.min_ns();
  skel->rodata->cs_max_block_ns = o.block.max_ns();
  cs::size_stack_map(skel->maps.stackmap, o.stacks);
  bpf_map__set_max_entries(skel->maps.counts, std::max<uint32_t>(OFFWAKE_MIN_COUNTS, o.stacks.storage));
  skel.load_and_attach();
  cs::print_banner(c, banner(c, o));

  cs::StackResolver stacks(bpf_map__fd(skel->maps.stackmap), o.stacks.depth,
                           {!o.kernel_only, !o.user_only});
  auto on_summary = [&] {
    cs::Output& out = cs::out();
    if (!c.json && !c.folded) out.put('\n');
    auto rows = cs::read_by_weight<offwaketime_key, uint64_t>(bpf_map__fd(skel->maps.counts),
                                                              [](uint64_t ns) { return ns; });
    for (auto& [key, ns] : rows) {
      std::string_view target(key.target, strnlen(key.target, sizeof key.target));
      std::string_view waker(key.waker, strnlen(key.waker, sizeof key.waker));
      cs::ResolvedStack tk = stacks.kernel(key.kern_stack_id);
      cs::ResolvedStack tu = stacks.user(key.user_stack_id, static_cast<pid_t>(key.pid));
      cs::ResolvedStack wk = stacks.kernel(key.waker_kern_stack_id);
      cs::ResolvedStack wu = stacks.user(key.waker_user_stack_id, static_cast<pid_t>(key.waker_pid));
      bool tdelim = o.delimited && tu.shown && tk.shown, wdelim = o.delimited && wu.shown && wk.shown;
      uint64_t usecs = ns / 1000;
      if (c.json) {
        out.put(cs::Json()
                    .str("target", target)
                    .unum("pid", key.pid)
                    .unum("tid", key.tid)
                    .str("waker", waker)
                    .unum("waker_pid", key.waker_pid)
                    .unum("waker_tid", key.waker_tid)
                    .unum("usecs", usecs)
                    .raw("ustack", cs::stack_frames_json(tu))
                    .raw("kstack", cs::stack_frames_json(tk))
                    .raw("waker_ustack", cs::stack_frames_json(wu))
                    .raw("waker_kstack", cs::stack_frames_json(wk))
                    .end());
      } else if (c.folded) {
        // bcc: the sleeper callers first, "--", the waker innermost first.
        cs::FoldedLine f(out.buffer(), target);
        f.callers_first(tu);
        if (tdelim) f.frame("-");
        f.callers_first(tk).frame("--").innermost_first(wk);
        if (wdelim) f.frame("-");
        f.innermost_first(wu).frame(waker).end(usecs);
      } else {
        // bcc: the waker upside down above the sleeper, meeting at "--".
        out.put("    waker:           ");
        out.put_untrusted(waker);
        out.printf(" %u\n", key.waker_tid);
        cs::append_frame_lines(out.buffer(), wu, {.callers_first = true});
        if (wdelim) out.put("    -\n");
        cs::append_frame_lines(out.buffer(), wk, {.callers_first = true});
        out.put("    --               --\n");
        cs::append_frame_lines(out.buffer(), tk);
        if (tdelim) out.put("    -\n");
        cs::append_frame_lines(out.buffer(), tu);
        out.put("    target:          ");
        out.put_untrusted(target);
        out.printf(" %u\n        %llu\n\n", key.tid, static_cast<unsigned long long>(usecs));
      }
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
