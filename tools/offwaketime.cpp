// offwaketime: summarize off-CPU time by the blocked thread's stack together
// with the stack of the thread that woke it, printed when tracing ends.
#include <cstdio>
#include <cstring>

#include "common/base/fixed_str.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/blocked_time.h"
#include "offwaketime.h"
#include "offwaketime.skel.h"

namespace {

std::string banner(const cs::Common& c, const cs::OffCpuOptions& o) {
  std::string s = "Tracing blocked time (us) by ";
  s += o.user_only ? "user" : o.kernel_only ? "kernel" : "user + kernel";
  return s + " off-CPU and waker stack" + cs::banner_end(c);
}

// One blocked period's pair of stacks: the sleeper's (t*) and its waker's (w*).
struct Row {
  offwaketime_key key;
  std::string_view target{}, waker{};
  cs::ResolvedStack tk{}, tu{}, wk{}, wu{};
  uint64_t usecs = 0;
};

std::string identity(const Row& r, bool with_ids) {
  std::string id(r.target);
  id += '\0';
  id += r.waker;
  id += '\0';
  if (with_ids)
    for (uint32_t v : {r.key.pid, r.key.tid, r.key.waker_pid, r.key.waker_tid}) id += std::to_string(v) + ",";
  for (const cs::StackPart* p : {&r.tk, &r.tu, &r.wk, &r.wu}) cs::append_identity(id, *p);
  return id;
}

// bcc's layout: folded, the sleeper callers first, "--", the waker
// innermost first; multi-line the other way up, the waker upside down above
// the sleeper, meeting at "--".  JSON: the sleeper's stacks, then the waker's.
enum { kTargetUser, kTargetKernel, kWakerUser, kWakerKernel };
cs::StackReport layout(bool delimited) {
  cs::StackReport r;
  r.stack_keys = {"ustack", "kstack", "waker_ustack", "waker_kstack"};
  cs::StackLink delim{.folded = "-", .line = "    -", .between_shown = true};
  r.chain.push_back({.stack = kTargetUser});
  if (delimited) r.chain.push_back(delim);
  r.chain.push_back({.stack = kTargetKernel});
  r.chain.push_back({.folded = "--", .line = "    --               --"});
  r.chain.push_back({.stack = kWakerKernel, .callers_first = false});
  if (delimited) r.chain.push_back(delim);
  r.chain.push_back({.stack = kWakerUser, .callers_first = false});
  r.folded_before = "{target}";
  r.folded_after = ";{waker}";
  r.head = "    waker:           {waker} {waker_tid}\n";
  r.tail = "    target:          {target} {tid}\n";
  return r;
}

int body(int argc, char** argv) {
  cs::Cli cli("Summarize blocked time by off-CPU stack and waker stack");
  cs::OffCpuOptions o;
  cs::add_offcpu_options(cli, o, "Print folded stacks, one line per stack pair (for flame graphs)");
  cli.examples(R"(EXAMPLES:
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
  cs::check_offcpu_options(cli, o);

  cs::Skeleton<offwaketime_bpf> skel(c);
  cs::set_offcpu_knobs(skel->rodata, o);
  cs::size_stack_map(skel->maps.stackmap, o.stacks);
  bpf_map__set_max_entries(skel->maps.counts, std::max<uint32_t>(OFFWAKE_MIN_COUNTS, o.stacks.storage));
  skel.load_and_attach();
  cs::print_banner(c, banner(c, o));

  cs::StackResolver stacks(bpf_map__fd(skel->maps.stackmap), o.stacks.depth,
                           {!o.kernel_only, !o.user_only});
  cs::BlockedTimeReport<offwaketime_key, Row> report{
      .counts_fd = bpf_map__fd(skel->maps.counts),
      .obj = skel.obj(),
      .dropped = "off-CPU periods not counted: too many distinct stacks",
      .row = [&](const offwaketime_key& key, uint64_t usecs) {
        Row r{.key = key, .usecs = usecs};
        r.target = cs::fixed_str(key.target);
        r.waker = cs::fixed_str(key.waker);
        r.tk = stacks.kernel(key.kern_stack_id);
        r.tu = stacks.user(key.user_stack_id, static_cast<pid_t>(key.pid));
        r.wk = stacks.kernel(key.waker_kern_stack_id);
        r.wu = stacks.user(key.waker_user_stack_id, static_cast<pid_t>(key.waker_pid));
        return r;
      },
      .identity = [&](const Row& r) { return identity(r, !c.folded); },
      .layout = layout(o.delimited),
      .stack_row = [](const Row& r) -> cs::StackRow {
        return {.labels = {{"target", r.target},
                           {"pid", r.key.pid},
                           {"tid", r.key.tid},
                           {"waker", r.waker},
                           {"waker_pid", r.key.waker_pid},
                           {"waker_tid", r.key.waker_tid}},
                .stacks = {cs::frames_of(r.tu), cs::frames_of(r.tk), cs::frames_of(r.wu),
                           cs::frames_of(r.wk)}};
      },
      .pids =
          [](const offwaketime_key& k, const auto& keep) {
            keep(k.pid);
            keep(k.waker_pid);
          },
  };
  return cs::run_blocked_time_report(c, stacks, report);
}

}  // namespace

CS_TOOL_MAIN(body)
