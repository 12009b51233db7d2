// Histogram rendering, byte for byte the layout bcc and libbpf-tools print:
//
//      usecs               : count    distribution
//          0 -> 1          : 3        |**                                      |
//
// and their JSON form: {"unit":"usecs","buckets":[{"low":0,"high":1,"count":3},...]}
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace cs {

// Bounds of log2 slot i: [2^i / 2 .. 2^i - 1], slot 0 shown as 0 -> 1.
struct Log2Bucket {
  uint64_t low, high;
};
Log2Bucket log2_bucket(int i);

// Bucket i of a log2 histogram holds values v with log2 slot i (see
// bpf/include/histogram.bpf.h); printed as "low -> high".
void append_log2_hist(std::string& dst, std::span<const uint32_t> slots, std::string_view unit);
void append_linear_hist(std::string& dst, std::span<const uint32_t> slots, uint32_t base,
                        uint32_t step, std::string_view unit);

// JSON: {"unit":..,"buckets":[..]} with every bucket up to the last non-empty
// one, so a reader sees the same rows the text shows (reports write theirs
// with write_buckets_json, output/report.h).
std::string log2_hist_json(std::span<const uint32_t> slots, std::string_view unit);

}  // namespace cs
