// Keyed log2 histograms: a BPF hash map {key -> value holding log2 slots},
// printed one section per key as libbpf-tools does for runqlat -P/-L/--pidnss,
// biolatency -D/-F and others:
//
//   (blank line)
//   pid = 1234 bash                        <- header, written by the tool
//        usecs               : count    distribution
//            0 -> 1          : 3        |****          |
//
// and as one JSON array: [{"pid":1234,"comm":"bash","hist":{"unit":..,"buckets":[..]}}].
//
//   auto entries = cs::read_hash_map<uint32_t, my_hist>(fd, true);  // runtime/maps.h
//   std::vector<cs::HistSection> sections;
//   for (auto& [k, v] : entries) {
//     cs::HistSection& s = sections.emplace_back();
//     s.header = "pid = " + std::to_string(k) + " " + cs::text_escaped(comm_of(v));
//     s.key.unum("pid", k).str("comm", comm_of(v));
//     s.slots.assign(v.slots, v.slots + N);
//   }
//   cs::append_keyed_log2_hists(text, sections, "usecs");
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/output/json.h"

namespace cs {

// One key's histogram.  `header` is the text line printed above it (already
// escaped; empty for an unkeyed histogram: no blank line, no header).  `key`
// holds the key's JSON members; the renderer adds "hist" and closes it.
struct HistSection {
  std::string header;
  Json key;
  std::vector<uint32_t> slots;
};

// Text: for each section "\n<header>\n" (when it has a header) and the log2
// histogram in bcc's layout.  A section with no counts prints its header only.
void append_keyed_log2_hists(std::string& dst, std::span<const HistSection> sections,
                             std::string_view unit);

// JSON array, one object per section: its key members plus
// "hist":{"unit":...,"buckets":[...]} (log2_hist_json's form).
std::string keyed_log2_hists_json(std::span<const HistSection> sections, std::string_view unit);

}  // namespace cs
