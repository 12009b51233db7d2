#include "common/output/histogram.h"

#include <algorithm>
#include <cstdio>

#include "common/output/json.h"

namespace cs {

namespace {

struct Extent {
  int first = -1, last = -1;
  uint32_t max = 0;
};

Extent extent(std::span<const uint32_t> slots) {
  Extent e;
  for (size_t i = 0; i < slots.size(); i++) {
    if (slots[i] > 0) {
      if (e.first < 0) e.first = static_cast<int>(i);
      e.last = static_cast<int>(i);
    }
    e.max = std::max(e.max, slots[i]);
  }
  return e;
}

void append_bar(std::string& dst, uint32_t v, uint32_t max, int width) {
  int stars = static_cast<int>(static_cast<uint64_t>(std::min(v, max)) * width / max);
  dst.append(stars, '*');
  dst.append(width - stars, ' ');
  if (v > max) dst.push_back('+');
}

void appendf(std::string& dst, const char* fmt, auto... args) {
  char tmp[256];
  int n = std::snprintf(tmp, sizeof tmp, fmt, args...);
  if (n > 0) dst.append(tmp, std::min<size_t>(n, sizeof tmp - 1));
}

void log2_bounds(int i, unsigned long long& low, unsigned long long& high) {
  Log2Bucket b = log2_bucket(i);
  low = b.low;
  high = b.high;
}

}  // namespace

Log2Bucket log2_bucket(int i) {
  Log2Bucket b;
  b.low = (1ULL << (i + 1)) >> 1;
  b.high = (1ULL << (i + 1)) - 1;
  if (b.low == b.high) b.low -= 1;
  return b;
}

void append_log2_hist(std::string& dst, std::span<const uint32_t> slots, std::string_view unit) {
  Extent e = extent(slots);
  if (e.last < 0) return;
  // Ranges past 2^32 need wider columns; bcc then halves the bar.
  bool wide = e.last > 32;
  std::string u(unit);
  appendf(dst, "%*s%-*s : count    distribution\n", wide ? 15 : 5, "", wide ? 29 : 19, u.c_str());
  int width = wide ? 20 : 10;
  for (int i = 0; i <= e.last; i++) {
    unsigned long long low, high;
    log2_bounds(i, low, high);
    appendf(dst, "%*llu -> %-*llu : %-8u |", width, low, width, high, slots[i]);
    append_bar(dst, slots[i], e.max, wide ? 20 : 40);
    dst += "|\n";
  }
}

void append_linear_hist(std::string& dst, std::span<const uint32_t> slots, uint32_t base,
                        uint32_t step, std::string_view unit) {
  Extent e = extent(slots);
  if (e.last < 0) return;
  std::string u(unit);
  appendf(dst, "     %-13s : count     distribution\n", u.c_str());
  for (int i = e.first; i <= e.last; i++) {
    if (!slots[i]) continue;
    appendf(dst, "        %-10u : %-8u |", base + i * step, slots[i]);
    append_bar(dst, slots[i], e.max, 40);
    dst += "|\n";
  }
}

std::string log2_hist_json(std::span<const uint32_t> slots, std::string_view unit) {
  Extent e = extent(slots);
  std::string r = "{\"unit\":";
  append_json_string(r, unit);
  r += ",\"buckets\":[";
  for (int i = 0; i <= e.last; i++) {
    unsigned long long low, high;
    log2_bounds(i, low, high);
    if (i) r.push_back(',');
    appendf(r, "{\"low\":%llu,\"high\":%llu,\"count\":%u}", low, high, slots[i]);
  }
  r += "]}";
  return r;
}

}  // namespace cs
