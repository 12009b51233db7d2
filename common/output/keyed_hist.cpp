#include "common/output/keyed_hist.h"

#include "common/output/histogram.h"

namespace cs {

void append_keyed_log2_hists(std::string& dst, std::span<const HistSection> sections,
                             std::string_view unit) {
  for (const HistSection& s : sections) {
    if (!s.header.empty()) {
      dst += '\n';
      dst += s.header;
      dst += '\n';
    }
    append_log2_hist(dst, s.slots, unit);
  }
}

std::string keyed_log2_hists_json(std::span<const HistSection> sections, std::string_view unit) {
  std::string r = "[";
  for (const HistSection& s : sections) {
    if (r.size() > 1) r += ',';
    Json j = s.key;
    std::string obj = j.raw("hist", log2_hist_json(s.slots, unit)).end();
    obj.pop_back();  // end() adds a newline
    r += obj;
  }
  r += ']';
  return r;
}

}  // namespace cs
