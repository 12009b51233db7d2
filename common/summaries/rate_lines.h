// Interval tools that print counters as rates, one line per interval, in
// bcc's vfsstat and dcstat layout:
//
//   TIME         READ/s  WRITE/s ...        (header: "%-8s  ", " %*s/s" each)
//   12:00:01:        52        7 ...        (a row: "%-8s: ", " %8llu" each)
//
// The BPF side keeps counters that only grow (a global __u64 array); each
// interval takes how much they grew.  JSON: one "counts" object per interval
// with the raw counts (not divided by the interval).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace cs {

class Json;

class RateLines {
 public:
  struct Counter {
    const char* name;  // header, "READ" (printed "READ/s")
    const char* key;   // JSON member, "read"
  };
  // width: of a name and its "/s" in the header (vfsstat 6, dcstat 8 with the "/s").
  RateLines(std::vector<Counter> counters, int width, bool slash_in_width);

  // How much each counter grew since the last call (all of it the first time).
  const std::vector<uint64_t>& take(const unsigned long long* now);  // a BPF __u64 array

  std::string header() const;  // without the newline, so a tool can add columns
  // "HH:MM:SS: " and each count divided by interval; no newline.
  std::string row(double interval) const;
  // {"type":"counts","time":...,"interval_s":...,<key>:<count>...}; members can follow.
  Json json(double interval) const;

 private:
  std::vector<Counter> counters_;
  int width_;
  bool slash_in_width_;
  std::vector<uint64_t> last_, delta_;
};

}  // namespace cs
