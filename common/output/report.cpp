#include "common/output/report.h"

#include "common/output/histogram.h"
#include "common/output/json.h"

namespace cs {

void assign_counted_slots(Histogram& h, std::span<const uint32_t> slots) {
  uint64_t total = 0;
  for (uint32_t n : slots) total += n;
  h.labels.push_back({"count", total});
  h.slots.assign(slots.begin(), slots.end());
}

void append_histogram_text(std::string& dst, const Histogram& h, std::string_view unit) {
  if (h.scale == Histogram::Scale::Log2) append_log2_hist(dst, h.slots, unit);
  else append_linear_hist(dst, h.slots, h.base, h.step, unit);
}

void write_buckets_json(JsonWriter& w, const Histogram& h) {
  w.begin_array("buckets");
  if (h.scale == Histogram::Scale::Log2) {
    size_t last = h.slots.size();
    while (last > 0 && h.slots[last - 1] == 0) last--;
    for (size_t i = 0; i < last; i++) {
      Log2Bucket b = log2_bucket(static_cast<int>(i));
      w.begin_object().member("low", b.low).member("high", b.high).member("count", h.slots[i]).end();
    }
  } else {
    for (size_t i = 0; i < h.slots.size(); i++) {
      if (!h.slots[i]) continue;
      uint64_t v = h.base + static_cast<uint64_t>(i) * h.step;
      w.begin_object().member("value", v).member("count", h.slots[i]).end();
    }
  }
  w.end();
}

}  // namespace cs
