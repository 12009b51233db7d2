// One interval of per-task log2 histograms (bpf/include/task_hist.h), printed
// as libbpf-tools' runqlat and cpudist print them:
//
//   (blank line)
//   HH:MM:SS                     <- with -T
//   (blank line)
//   pid = 1234 bash              <- per-key header, none when unkeyed
//        usecs               : count    distribution
//            0 -> 1          : 3        |****     |
//
// or, with --json, one "histogram" line per interval whose "hists" hold
// {"pid":1234,"comm":"bash","buckets":[...]} when keyed (the key's name is
// "pid", "tid" or "pidns"), a single {"buckets":[...]} when not.
#pragma once
#include <linux/types.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bpf/include/task_hist.h"
#include "common/cli/cli.h"
#include "common/output/report.h"

namespace cs {

struct TaskHistFormat {
  uint32_t key_mode = CS_TASK_KEY_NONE;
  std::string_view unit = "usecs";
  bool timestamp = false;  // -T: the time on its own line above the histograms
};

// -T, -m and the histogram keys of runqlat and cpudist: -P (per process),
// -L (per thread) and, with_pidns, --pidnss (per PID namespace), one at most.
struct TaskHistOptions {
  bool timestamp = false, ms = false, pids = false, tids = false, pidnss = false;
  uint32_t key_mode() const;
  TaskHistFormat format() const;
};
void add_task_hist_options(Cli& cli, TaskHistOptions& o, bool with_pidns);
// Their BPF knobs (key_mode, use_ms in runqlat's and cpudist's programs).
template <class Rodata>
void set_task_hist_knobs(Rodata* ro, const TaskHistOptions& o) {
  ro->key_mode = o.key_mode();
  ro->use_ms = o.ms;
}

using TaskHistEntry = std::pair<uint32_t, cs_task_hist>;

// Name of a key mode's JSON member and text header: "pid", "tid", "pidns" ("" unkeyed).
const char* task_key_name(uint32_t key_mode);

// One interval's report for the entries (which must outlive it: labels point
// into them), `now` being the "HH:MM:SS" stamp.  Unkeyed: one histogram,
// empty when nothing was counted; keyed: one per entry, headed
// "<key name> = <key> <escaped comm>".
HistogramReport task_hist_report(std::span<const TaskHistEntry> hists, const TaskHistFormat& f,
                                 std::string now);

// Reads and empties the map (fd of a {__u32 -> cs_task_hist} hash) and
// hands the interval to cs::sink().
void print_task_hists(int map_fd, const TaskHistFormat& f);

}  // namespace cs
