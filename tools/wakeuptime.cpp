// wakeuptime: summarize the time threads spend blocked by the stack of the
// thread that woke them, printed when tracing ends.
#include <cstdio>
#include <cstring>

#include "common/base/fixed_str.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/blocked_time.h"
#include "wakeuptime.h"
#include "wakeuptime.skel.h"

namespace {

// The off-CPU family's options; wakeuptime takes no -k or --state.
struct Options : cs::OffCpuOptions {
  bool both = false;
};

// Folded, as bcc: the waker first, its stack callers first, the sleeper
// on top.  Multi-line, as libbpf-tools: the sleeper, then the waker's
// frames innermost first as a tab and "address symbol", then the waker.
cs::StackReport layout(bool delimited) {
  cs::StackReport r;
  r.stack_keys = {"waker_ustack", "waker_kstack"};
  r.chain.push_back({.stack = 0});
  if (delimited) r.chain.push_back({.folded = "-", .line = "\t--", .between_shown = true});
  r.chain.push_back({.stack = 1});
  r.folded_before = "{waker}";
  r.folded_after = ";{target}";
  r.head = "\ttarget:          {target}\n";
  r.tail = "\t          waker: {waker}\n";
  r.indent = "\t";
  r.count_indent = "\t";
  r.with_addresses = true;
  return r;
}

std::string banner(const cs::Common& c, const Options& o) {
  std::string s = "Tracing blocked time (us) by ";
  s += o.user_only ? "user stack" : o.kernel_only ? "kernel stack" : "user + kernel stack";
  return s + cs::banner_end(c);
}

struct Row {
  wakeuptime_key key{};
  std::string_view waker{}, target{};
  cs::ResolvedStack ks{}, us{};
  uint64_t usecs = 0;
};

int body(int argc, char** argv) {
  Options o;
  cs::Cli cli("Summarize blocked time by the stack of the waker");
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
  cs::set_offcpu_knobs(skel->rodata, o);
  cs::size_stack_map(skel->maps.stackmap, o.stacks);
  bpf_map__set_max_entries(skel->maps.counts, std::max<uint32_t>(WAKEUP_MIN_COUNTS, o.stacks.storage));
  skel.load_and_attach();
  cs::print_banner(c, banner(c, o));

  cs::StackResolver stacks(bpf_map__fd(skel->maps.stackmap), o.stacks.depth,
                           {!o.kernel_only, !o.user_only});
  cs::BlockedTimeReport<wakeuptime_key, Row> report{
      .counts_fd = bpf_map__fd(skel->maps.counts),
      .obj = skel.obj(),
      .dropped = "wakeups not counted: too many distinct stacks",
      .row = [&](const wakeuptime_key& key, uint64_t usecs) {
        Row r{.key = key, .usecs = usecs};
        r.waker = cs::fixed_str(key.waker);
        r.target = cs::fixed_str(key.target);
        r.ks = stacks.kernel(key.kern_stack_id);
        r.us = stacks.user(key.user_stack_id, static_cast<pid_t>(key.waker_pid));
        return r;
      },
      // Folded lines and the text name no pid.
      .identity =
          [&](const Row& r) {
            std::string id = std::string(r.waker) + '\0' + std::string(r.target) + '\0';
            if (c.json) id += std::to_string(r.key.waker_pid);
            cs::append_identity(id, r.ks);
            cs::append_identity(id, r.us);
            return id;
          },
      .layout = layout(o.delimited),
      .stack_row = [](const Row& r) -> cs::StackRow {
        return {.labels = {{"target", r.target}, {"waker", r.waker}, {"waker_pid", r.key.waker_pid}},
                .stacks = {cs::frames_of(r.us), cs::frames_of(r.ks)}};
      },
      .pids = [](const wakeuptime_key& k, const auto& keep) { keep(k.waker_pid); },
  };
  return cs::run_blocked_time_report(c, stacks, report);
}

}  // namespace

CS_TOOL_MAIN(body)
