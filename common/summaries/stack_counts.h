// Stacks of the tools that count time or events per stack in a BPF hash
// (profile, offcputime, wakeuptime, offwaketime, futexctn): resolve the
// stack ids with the tracing machinery's own frames cut off and count what
// was missed.  Rows that print alike: merge_alike.h; the off-CPU family's
// report: blocked_time.h; the rows' layouts: output/report.h (StackReport).
//
//   cs::StackResolver st(bpf_map__fd(skel->maps.stackmap), depth, {!o.kernel_only, !o.user_only});
//   for (auto& [key, ns] : cs::read_by_weight<my_key, uint64_t>(counts_fd, [](uint64_t v) { return v; })) {
//     cs::ResolvedStack k = st.kernel(key.kern_stack_id);
//     cs::ResolvedStack u = st.user(key.user_stack_id, key.pid);
//     ...   // cs::frames_of(k) for a StackRow
//   }
//   st.warn_missed();   // "WARNING: 2 stack traces could not be displayed: <why>"
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/cli/stack_options.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/symbols/stacks.h"

struct bpf_map;

namespace cs {

// Kernel frames that are the tracer, not the traced: the BPF program and the
// tracepoint glue or trampoline that ran it (bpf_prog_<tag>_<name>,
// bpf_trace_run4, __bpf_trace_sched_switch, perf_trace_sched_switch,
// __traceiter_*, bpf_trampoline_<key>, ...).
struct TracingFrames {
  // Also "[unknown]": a BPF program or trampoline kallsyms does not name
  // (capable drops them; a stack map's tools show them, as bcc does).
  bool unknown = false;
};
bool is_tracing_frame(std::string_view name, TracingFrames which = {});
// Drops the leading (innermost) tracing frames of a kernel stack.
void trim_tracing_frames(std::vector<std::string>& frames, std::vector<uint64_t>& ips,
                         TracingFrames which = {});

// One side of a stack, with the addresses of its frames (wakeuptime prints them).
struct ResolvedStack : StackPart {
  std::vector<uint64_t> ips;  // parallel to frames; empty when missed
};
// A StackReport row's view of it, with its addresses.
inline StackFrames frames_of(const ResolvedStack& s) { return {s.shown, s.frames, s.ips}; }

// Which halves of the stacks a tool shows (-U / -K).
struct StackSides {
  bool user = true;
  bool kernel = true;
  // Drop the tracer's own innermost frames (stacks taken at a tracepoint);
  // a sampled stack keeps them, they are what the CPU ran.
  bool trim_tracer = true;
};

class StackResolver {
 public:
  StackResolver(int stack_map_fd, uint32_t max_depth, StackSides sides = {});
  // An id from bpf_get_stackid(): -EFAULT or a side not shown gives a part
  // not shown; other errors and ids the map lost give "[Missed ... Stack]".
  ResolvedStack kernel(int64_t id);
  ResolvedStack user(int64_t id, pid_t pid);
  // The symbolizers, for frames from elsewhere.
  StackSymbolizer& symbolizer() { return sym_; }

  // Takes a live process's maps and binaries now (once per pid), so that its
  // stacks still resolve when it has exited by the time of the summary.
  void keep_process(pid_t pid);
  // Background work for run_loop: every 0.25 s, keep the processes named by
  // the keys of the stack-count map, pids(key, keep) calling keep(pid) for
  // each pid a key holds.
  template <class K, class Pids>
  Background keeping_processes_of(int counts_fd, Pids pids) {
    return {0.25, [this, counts_fd, pids] {
              for (const K& k : hash_keys<K>(counts_fd))
                pids(k, [this](uint32_t pid) { keep_process(static_cast<pid_t>(pid)); });
            }};
  }

  // Stacks shown as "[Missed ... Stack]" since the last warn_missed().
  size_t missed() const { return losses_.total(); }
  // When stacks were missed: one warning on stderr (the advice names
  // --stack-storage-size), and the count starts again (one warning per
  // summary).  Returns whether it warned.
  bool warn_missed();

 private:
  // The ips of stack `id`, or a part not shown, or the missed placeholder.
  ResolvedStack read(int64_t id, bool side_shown, const char* missed_text);

  int fd_;
  uint32_t depth_;
  StackSides sides_;
  StackLosses losses_;
  StackSymbolizer sym_;
  std::unordered_set<pid_t> kept_;
};

// One line per frame, "<indent>frame\n", innermost first (bcc's multi-line
// order) or callers first; with_addresses puts the address before the name
// as "%-16lx " (libbpf-tools' wakeuptime).  Nothing for a part not shown.
struct FrameLines {
  std::string_view indent = "    ";
  bool callers_first = false;
  bool with_addresses = false;
};
void append_frame_lines(std::string& out, const ResolvedStack& s, const FrameLines& how = {});

// A folded line ("first;frame;...;frame count\n"), built part by part.
// Frames are escaped like every untrusted string.
class FoldedLine {
 public:
  FoldedLine(std::string& out, std::string_view first);
  FoldedLine& frame(std::string_view f);
  // A part's frames outermost caller first (the usual flame-graph order).
  FoldedLine& callers_first(const StackPart& p);
  // A part's frames innermost first (a waker's stack hung upside down
  // above a sleeper's, as offwaketime folds them).
  FoldedLine& innermost_first(const StackPart& p);
  void end(uint64_t count);

 private:
  std::string& out_;
};

// Sizes a BPF_MAP_TYPE_STACK_TRACE map before load; a depth above
// kernel.perf_event_max_stack is a usage error (exit 2).
void size_stack_map(bpf_map* m, const StackMapOptions& o);

}  // namespace cs
