// The off-CPU family's report (offcputime, offwaketime, wakeuptime): a hash
// map of K -> nanoseconds blocked, read at each summary heaviest first, one
// Row per key (its stacks resolved), rows that print alike merged, the rows
// handed to the sink as one StackReport, then the warnings (missed stacks;
// the BPF side's cs_uncounted).  While tracing, the processes the keys
// name are kept for their symbols.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/output/output.h"
#include "common/output/sink.h"
#include "common/runtime/bpf_object.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/summaries/merge_alike.h"
#include "common/summaries/stack_counts.h"

namespace cs {

template <class K, class Row>
struct BlockedTimeReport {
  int counts_fd = -1;
  bpf_object* obj = nullptr;
  const char* dropped = "";  // what cs_uncounted counts, "off-CPU periods not counted: ..."
  std::function<Row(const K&, uint64_t usecs)> row;
  std::function<std::string(const Row&)> identity;  // for merge_alike
  // The tool's layout (stack keys, chain, templates); each summary fills a
  // copy with rows counting usecs, in folded form with -f.
  StackReport layout;
  std::function<StackRow(const Row&)> stack_row;  // labels and stacks; the count is usecs
  std::function<void(const K&, const std::function<void(uint32_t)>&)> pids;  // of a key
};

// Runs the tool's loop (run_loop) with that report as its summary.
// Row has a uint64_t usecs.
template <class K, class Row>
int run_blocked_time_report(const Common& c, StackResolver& stacks, const BlockedTimeReport<K, Row>& r) {
  auto on_summary = [&] {
    // Rows may point into the keys (their comm): the keys outlive them.
    auto keys = read_by_weight<K, uint64_t>(r.counts_fd, [](uint64_t v) { return v; });
    std::vector<Row> rows;
    for (auto& [key, ns] : keys) rows.push_back(r.row(key, ns / 1000));
    merge_alike(rows, r.identity, &Row::usecs);
    StackReport report = r.layout;
    report.unit = "usecs";
    report.folded = c.folded;
    if (!c.folded) report.text_before = "\n";
    report.rows.reserve(rows.size());
    for (const Row& row : rows) {
      StackRow& s = report.rows.emplace_back(r.stack_row(row));
      s.count = row.usecs;
    }
    sink().stacks(report);
    out().flush();
    stacks.warn_missed();
    warn_uncounted(r.obj, r.dropped);
  };
  return run_loop(c, nullptr, on_summary, stacks.keeping_processes_of<K>(r.counts_fd, r.pids));
}

}  // namespace cs
