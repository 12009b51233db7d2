// wakeuptime: summarize the time threads spend blocked by the stack of the
// thread that woke them, printed when tracing ends.
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "common/output/json.h"
#include "common/output/output.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/stack_counts.h"
#include "wakeuptime.h"
#include "wakeuptime.skel.h"

namespace {

struct Options {
  bool user_threads = false, user_only = false, kernel_only = false, both = false, delimited = false;
  cs::StackMapOptions stacks;
  cs::BlockTimeOptions block;
};

// libbpf-tools' layout: a tab, then "address symbol" per frame.
constexpr cs::FrameLines kLines{.indent = "\t", .with_addresses = true};

std::string banner(const cs::Common& c, const Options& o) {
  std::string s = "Tracing blocked time (us) by ";
  s += o.user_only ? "user stack" : o.kernel_only ? "kernel stack" : "user + kernel stack";
  char dur[64];
  std::snprintf(dur, sizeof dur, " for %g secs.\n", c.duration);
  return s + (c.duration > 0 ? dur : "... Hit Ctrl-C to end.\n");
}

int body(int argc, char** argv) {
  cs::Cli cli("Summarize blocked time by the stack of the waker");
  Options o;
  cli.pid_filter("-p,--pid", "Trace this PID only (the blocked threads')")
      .tid_filter("-t,--tid", "Trace this TID only (the blocked thread)")
      .flag("-u,--user-threads-only", o.user_threads, "User threads only (no kernel threads)")
      .flag("-U,--user-stacks-only", o.user_only, "Show the waker's user stack only (no kernel)")
      .flag("-K,--kernel-stacks-only", o.kernel_only,
            "Show the waker's kernel stack only: the default, as in bcc and libbpf-tools")
      .flag("--all-stacks", o.both, "Show the waker's user stack too, under its kernel stack")
      .flag("-d,--delimited", o.delimited, "Insert a delimiter between kernel and user stacks")
      .folded("-f,--folded", "Print folded stacks, one line per stack (for flame graphs)");
  cs::add_block_time_options(cli, o.block);
  cs::add_stack_map_options(cli, o.stacks);
  cli.cgroup_filter("--cgroup")
      .duration_positional()
      .excludes("-p", "-t")
      .excludes("-U", "-K")
      .excludes("-U", "--all-stacks")
      .excludes("-K", "--all-stacks")
      .examples(R"(EXAMPLES:
  wakeuptime             # trace blocked time with waker stacks until Ctrl-C
  wakeuptime 5           # trace for 5 seconds only
  wakeuptime -f 5        # 5 seconds, and output in folded format
  wakeuptime -u          # don't include kernel threads (user only)
  wakeuptime -p 185      # trace for PID 185 only
  wakeuptime --all-stacks  # waker kernel and user stacks
  wakeuptime -U          # waker user stacks only
  wakeuptime --json 5    # one JSON object per stack)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  cs::check_block_time_options(o.block);
  // Both peers show the waker's kernel stack only; user stacks are asked for.
  o.kernel_only = !o.user_only && !o.both;

  cs::Skeleton<wakeuptime_bpf> skel(c);
  skel->rodata->cs_user_threads_only = o.user_threads;
  skel->rodata->cs_user_stacks_only = o.user_only;
  skel->rodata->cs_kernel_stacks_only = o.kernel_only;
  skel->rodata->cs_min_block_ns = o.block.min_ns();
  skel->rodata->cs_max_block_ns = o.block.max_ns();
  cs::size_stack_map(skel->maps.stackmap, o.stacks);
  bpf_map__set_max_entries(skel->maps.counts, std::max<uint32_t>(WAKEUP_MIN_COUNTS, o.stacks.storage));
  skel.load_and_attach();
  cs::print_banner(c, banner(c, o));

  cs::StackResolver stacks(bpf_map__fd(skel->maps.stackmap), o.stacks.depth,
                           {!o.kernel_only, !o.user_only});
  auto on_summary = [&] {
    cs::Output& out = cs::out();
    if (!c.json && !c.folded) out.put('\n');
    auto rows = cs::read_by_weight<wakeuptime_key, uint64_t>(bpf_map__fd(skel->maps.counts),
                                                             [](uint64_t ns) { return ns; });
    for (auto& [key, ns] : rows) {
      std::string_view waker(key.waker, strnlen(key.waker, sizeof key.waker));
      std::string_view target(key.target, strnlen(key.target, sizeof key.target));
      cs::ResolvedStack ks = stacks.kernel(key.kern_stack_id);
      cs::ResolvedStack us = stacks.user(key.user_stack_id, static_cast<pid_t>(key.waker_pid));
      uint64_t us_total = ns / 1000;
      if (c.json) {
        out.put(cs::Json()
                    .str("target", target)
                    .str("waker", waker)
                    .unum("waker_pid", key.waker_pid)
                    .unum("usecs", us_total)
                    .raw("waker_ustack", cs::stack_frames_json(us))
                    .raw("waker_kstack", cs::stack_frames_json(ks))
                    .end());
      } else if (c.folded) {
        // bcc: waker first, its stack callers first, the sleeper on top.
        cs::FoldedLine f(out.buffer(), waker);
        f.callers_first(us);
        if (o.delimited && us.shown && ks.shown) f.frame("-");
        f.callers_first(ks).frame(target).end(us_total);
      } else {
        out.put("\ttarget:          ");
        out.put_untrusted(target);
        out.put('\n');
        cs::append_frame_lines(out.buffer(), ks, kLines);
        if (o.delimited && us.shown && ks.shown) out.put("\t--\n");
        cs::append_frame_lines(out.buffer(), us, kLines);
        out.put("\t          waker: ");
        out.put_untrusted(waker);
        out.printf("\n\t%" PRIu64 "\n\n", us_total);
      }
      if (out.buffer().size() >= (1u << 16)) out.flush();
    }
    out.flush();
    stacks.warn_missed();
    if (uint64_t dropped = cs::read_global_u64(skel.obj(), "dropped_counts"))
      std::fprintf(stderr, "WARNING: %llu wakeups not counted: too many distinct stacks\n",
                   static_cast<unsigned long long>(dropped));
  };
  return cs::run_loop(c, nullptr, on_summary);
}

}  // namespace

CS_TOOL_MAIN(body)
