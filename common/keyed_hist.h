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
//   auto entries = cs::read_hash_map<uint32_t, my_hist>(bpf_map__fd(m), /*drain=*/true);
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

#include "common/json.h"

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

// Raw form of read_hash_map below.  Entries whose key vanished between
// listing and reading are skipped.  With drain, each entry is deleted as it is
// read (atomically where the kernel can look up and delete hash entries in one
// step, 5.14+; else right after the read, losing at most the counts added in
// between).  Throws Fatal (exit 1) on a failing map syscall.
struct RawMapEntries {
  std::vector<uint8_t> keys, values;  // n * key_size, n * value_size bytes
  size_t n = 0;
};
RawMapEntries read_hash_map_raw(int fd, size_t key_size, size_t value_size, bool drain);

// Every {key, value} of a hash map, sorted by key (numerically for integer
// keys, by bytes otherwise) so output is in a stable order.
template <class K, class V>
std::vector<std::pair<K, V>> read_hash_map(int fd, bool drain) {
  static_assert(std::is_trivially_copyable_v<K> && std::is_trivially_copyable_v<V>);
  RawMapEntries raw = read_hash_map_raw(fd, sizeof(K), sizeof(V), drain);
  std::vector<std::pair<K, V>> r(raw.n);
  for (size_t i = 0; i < raw.n; i++) {
    std::memcpy(&r[i].first, raw.keys.data() + i * sizeof(K), sizeof(K));
    std::memcpy(&r[i].second, raw.values.data() + i * sizeof(V), sizeof(V));
  }
  std::sort(r.begin(), r.end(), [](const auto& a, const auto& b) {
    if constexpr (std::is_arithmetic_v<K>)
      return a.first < b.first;
    else
      return std::memcmp(&a.first, &b.first, sizeof(K)) < 0;
  });
  return r;
}

}  // namespace cs
