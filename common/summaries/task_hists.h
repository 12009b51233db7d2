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
// or, with --json, one object per interval: {"time":"HH:MM:SS","hist":{...}}
// unkeyed, {"time":"HH:MM:SS","hists":[{"pid":1234,"comm":"bash","hist":{...}}]}
// keyed (the key's name is "pid", "tid" or "pidns").
#pragma once
#include <linux/types.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bpf/include/task_hist.h"
#include "common/output/keyed_hist.h"

namespace cs {

struct TaskHistFormat {
  uint32_t key_mode = CS_TASK_KEY_NONE;
  std::string_view unit = "usecs";
  bool json = false;
  bool timestamp = false;  // -T: the time on its own line above the histograms
};

using TaskHistEntry = std::pair<uint32_t, cs_task_hist>;

// Name of a key mode's JSON member and text header: "pid", "tid", "pidns" ("" unkeyed).
const char* task_key_name(uint32_t key_mode);

// One section per entry, headed "<key name> = <key> <escaped comm>" when keyed.
std::vector<HistSection> task_hist_sections(std::span<const TaskHistEntry> hists,
                                            uint32_t key_mode);

// One interval's output for the entries, `now` being the "HH:MM:SS" stamp.
void append_task_hists(std::string& dst, std::span<const TaskHistEntry> hists,
                       const TaskHistFormat& f, std::string_view now);

// Reads and empties the map (fd of a {__u32 -> cs_task_hist} hash) and
// appends the interval to cs::out().
void print_task_hists(int map_fd, const TaskHistFormat& f);

}  // namespace cs
