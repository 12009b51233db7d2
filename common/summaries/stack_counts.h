// Summaries keyed by stacks, for the tools that count time or events per
// stack in a BPF hash (offcputime, wakeuptime, offwaketime, futexctn; profile
// could use it too): read the map heaviest first, resolve the stack ids with
// the tracing machinery's own frames cut off, count what was missed, and
// build folded lines whose parts run either way.
//
//   cs::StackResolver st(bpf_map__fd(skel->maps.stackmap), depth, {!o.kernel_only, !o.user_only});
//   for (auto& [key, ns] : cs::read_by_weight<my_key, uint64_t>(counts_fd, [](uint64_t v) { return v; })) {
//     cs::StackRecord r;
//     r.kernel = st.kernel(key.kern_stack_id);
//     r.user = st.user(key.user_stack_id, key.pid);
//     ...
//   }
//   st.warn_missed();   // "WARNING: 2 stack traces could not be displayed: <why>"
#pragma once
#include <sys/types.h>

#include <algorithm>
#include <functional>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/cli/stack_options.h"
#include "common/output/keyed_hist.h"
#include "common/output/output.h"
#include "common/runtime/bpf_object.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/symbols/stacks.h"

struct bpf_map;

namespace cs {

// Kernel frames that are the tracer, not the traced: the BPF program and the
// tracepoint glue that ran it (bpf_prog_<tag>_<name>, bpf_trace_run4,
// __bpf_trace_sched_switch, perf_trace_sched_switch, __traceiter_*, ...).
bool is_tracing_frame(std::string_view name);
// Drops the leading (innermost) tracing frames of a kernel stack.
void trim_tracing_frames(std::vector<std::string>& frames, std::vector<uint64_t>& ips);

// One side of a stack, with the addresses of its frames (wakeuptime prints them).
struct ResolvedStack : StackPart {
  std::vector<uint64_t> ips;  // parallel to frames; empty when missed
};

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

// Rows that print alike become one row with their counts summed: stack ids
// whose addresses differ but whose frames read the same (two addresses in
// one function; one folded stack in two processes).  identity(row) is what
// the row prints but its count.  Heaviest first, ties in their first order.
// count: &Row::count, or a generic callable returning the row's count by
// reference ([](auto& r) -> auto& { return r.x.count; }).
template <class Row, class Identity, class Count>
void merge_alike(std::vector<Row>& rows, Identity identity, Count count) {
  std::unordered_map<std::string, size_t> first;
  std::vector<Row> merged;
  merged.reserve(rows.size());
  for (Row& r : rows) {
    auto [it, fresh] = first.try_emplace(identity(r), merged.size());
    if (fresh) merged.push_back(std::move(r));
    else std::invoke(count, merged[it->second]) += std::invoke(count, r);
  }
  std::stable_sort(merged.begin(), merged.end(), [&](const Row& a, const Row& b) {
    return std::invoke(count, a) > std::invoke(count, b);
  });
  rows = std::move(merged);
}

// Appends a part's frames to an identity for merge_alike.
void append_identity(std::string& id, const StackPart& p);
// A StackRecord's identity: comm, frames and (with_pid) the pid.
std::string stack_identity(const StackRecord& r, bool with_pid);

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

// The off-CPU family's report (offcputime, offwaketime, wakeuptime): a hash
// map of K -> nanoseconds blocked, read at each summary heaviest first, one
// Row per key (its stacks resolved), rows that print alike merged, each row
// printed, then the warnings (missed stacks; the BPF side's dropped_counts).
// While tracing, the processes the keys name are kept for their symbols.
template <class K, class Row>
struct BlockedTimeReport {
  int counts_fd = -1;
  bpf_object* obj = nullptr;
  const char* dropped = "";  // what dropped_counts counts, "off-CPU periods not counted: ..."
  std::function<Row(const K&, uint64_t usecs)> row;
  std::function<std::string(const Row&)> identity;  // for merge_alike
  std::function<void(Output&, const Row&)> print;
  std::function<void(const K&, const std::function<void(uint32_t)>&)> pids;  // of a key
};

// Runs the tool's loop (run_loop) with that report as its summary.
// Row has a uint64_t usecs.
template <class K, class Row>
int run_blocked_time_report(const Common& c, StackResolver& stacks, const BlockedTimeReport<K, Row>& r) {
  auto on_summary = [&] {
    Output& o = out();
    if (!c.json && !c.folded) o.put('\n');
    // Rows may point into the keys (their comm): the keys outlive them.
    auto keys = read_by_weight<K, uint64_t>(r.counts_fd, [](uint64_t v) { return v; });
    std::vector<Row> rows;
    for (auto& [key, ns] : keys) rows.push_back(r.row(key, ns / 1000));
    merge_alike(rows, r.identity, &Row::usecs);
    for (const Row& row : rows) {
      r.print(o, row);
      if (o.buffer().size() >= (1u << 16)) o.flush();
    }
    o.flush();
    stacks.warn_missed();
    warn_dropped(r.obj, "dropped_counts", r.dropped);
  };
  return run_loop(c, nullptr, on_summary, stacks.keeping_processes_of<K>(r.counts_fd, r.pids));
}

// Sizes a BPF_MAP_TYPE_STACK_TRACE map before load; a depth above
// kernel.perf_event_max_stack is a usage error (exit 2).
void size_stack_map(bpf_map* m, const StackMapOptions& o);

}  // namespace cs
