#include "common/summaries/task_hists.h"

#include <cstring>

#include "common/base/fixed_str.h"
#include "common/output/clock.h"
#include "common/output/escape.h"
#include "common/output/sink.h"
#include "common/runtime/maps.h"

namespace cs {

const char* task_key_name(uint32_t key_mode) {
  switch (key_mode) {
    case CS_TASK_KEY_PID: return "pid";
    case CS_TASK_KEY_TID: return "tid";
    case CS_TASK_KEY_PIDNS: return "pidns";
    default: return "";
  }
}

HistogramReport task_hist_report(std::span<const TaskHistEntry> hists, const TaskHistFormat& f,
                                 std::string now) {
  HistogramReport r;
  r.unit = f.unit;
  r.text_before = f.timestamp ? "\n" + now + "\n" : "\n";
  r.time = std::move(now);
  const char* name = task_key_name(f.key_mode);
  if (!*name) {
    Histogram& h = r.hists.emplace_back();
    if (!hists.empty()) h.slots.assign(hists[0].second.slots, hists[0].second.slots + CS_TASK_HIST_SLOTS);
    return r;
  }
  for (const auto& [key, th] : hists) {
    std::string_view comm = cs::fixed_str(th.comm);
    Histogram& h = r.hists.emplace_back();
    h.text_before = "\n" + std::string(name) + " = " + std::to_string(key) + " " + text_escaped(comm) + "\n";
    h.labels = {{name, key}, {"comm", comm}};
    h.slots.assign(th.slots, th.slots + CS_TASK_HIST_SLOTS);
  }
  return r;
}

void print_task_hists(int map_fd, const TaskHistFormat& f) {
  auto hists = read_hash_map<uint32_t, cs_task_hist>(map_fd, /*drain=*/true);
  sink().histograms(task_hist_report(hists, f, wall_hms_now()));
}

uint32_t TaskHistOptions::key_mode() const {
  return pids ? CS_TASK_KEY_PID : tids ? CS_TASK_KEY_TID : pidnss ? CS_TASK_KEY_PIDNS : CS_TASK_KEY_NONE;
}

TaskHistFormat TaskHistOptions::format() const { return {key_mode(), ms ? "msecs" : "usecs", timestamp}; }

void add_task_hist_options(Cli& cli, TaskHistOptions& o, bool with_pidns) {
  cli.histogram_flags(o.timestamp, o.ms);
  if (with_pidns) cli.flag("--pidnss", o.pidnss, "Print a histogram per PID namespace");
  cli.flag("-P,--pids", o.pids, "Print a histogram per process ID")
      .flag("-L,--tids", o.tids, "Print a histogram per thread ID")
      .excludes("--pids", "--tids");
  if (with_pidns) cli.excludes("--pids", "--pidnss").excludes("--tids", "--pidnss");
}

}  // namespace cs
