#include "common/summaries/rate_lines.h"

#include <cstdio>

#include "common/output/clock.h"
#include "common/output/json.h"

namespace cs {

RateLines::RateLines(std::vector<Counter> counters, int width, bool slash_in_width)
    : counters_(std::move(counters)),
      width_(width),
      slash_in_width_(slash_in_width),
      last_(counters_.size()),
      delta_(counters_.size()) {}

const std::vector<uint64_t>& RateLines::take(const unsigned long long* now) {
  for (size_t i = 0; i < counters_.size(); i++) {
    delta_[i] = now[i] - last_[i];
    last_[i] = now[i];
  }
  return delta_;
}

std::string RateLines::header() const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%-8s  ", "TIME");
  std::string s = buf;
  for (const Counter& c : counters_) {
    std::string name = std::string(c.name) + "/s";
    if (slash_in_width_) std::snprintf(buf, sizeof buf, " %*s", width_, name.c_str());
    else std::snprintf(buf, sizeof buf, " %*s/s", width_, c.name);
    s += buf;
  }
  return s;
}

std::string RateLines::row(double interval) const {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%-8s: ", wall_hms_now().c_str());
  std::string s = buf;
  for (uint64_t v : delta_) {
    std::snprintf(buf, sizeof buf, " %8llu", static_cast<unsigned long long>(v / interval));
    s += buf;
  }
  return s;
}

Json RateLines::json(double interval) const {
  Json j;
  j.str("type", "counts").str("time", wall_hms_now()).real("interval_s", interval);
  for (size_t i = 0; i < counters_.size(); i++) j.unum(counters_[i].key, delta_[i]);
  return j;
}

}  // namespace cs
