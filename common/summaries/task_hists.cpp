#include "common/summaries/task_hists.h"

#include <cstring>

#include "common/output/clock.h"
#include "common/output/escape.h"
#include "common/output/histogram.h"
#include "common/output/json.h"
#include "common/output/output.h"
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

std::vector<HistSection> task_hist_sections(std::span<const TaskHistEntry> hists,
                                            uint32_t key_mode) {
  const char* name = task_key_name(key_mode);
  std::vector<HistSection> r;
  for (const auto& [key, h] : hists) {
    HistSection& s = r.emplace_back();
    std::string_view comm(h.comm, strnlen(h.comm, sizeof h.comm));
    if (*name) {
      s.header = std::string(name) + " = " + std::to_string(key) + " " + text_escaped(comm);
      s.key.unum(name, key).str("comm", comm);
    }
    s.slots.assign(h.slots, h.slots + CS_TASK_HIST_SLOTS);
  }
  return r;
}

void append_task_hists(std::string& dst, std::span<const TaskHistEntry> hists,
                       const TaskHistFormat& f, std::string_view now) {
  std::vector<HistSection> secs = task_hist_sections(hists, f.key_mode);
  if (f.json) {
    Json j;
    j.str("time", now);
    if (f.key_mode != CS_TASK_KEY_NONE)
      j.raw("hists", keyed_log2_hists_json(secs, f.unit));
    else
      j.raw("hist", log2_hist_json(secs.empty() ? std::span<const uint32_t>{} : secs[0].slots, f.unit));
    dst += j.end();
    return;
  }
  dst += '\n';
  if (f.timestamp) {
    dst += now;
    dst += '\n';
  }
  append_keyed_log2_hists(dst, secs, f.unit);
}

void print_task_hists(int map_fd, const TaskHistFormat& f) {
  auto hists = read_hash_map<uint32_t, cs_task_hist>(map_fd, /*drain=*/true);
  append_task_hists(out().buffer(), hists, f, wall_hms_now());
}

}  // namespace cs
