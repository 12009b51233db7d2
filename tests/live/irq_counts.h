// Counting against /proc (hardirqs, softirqs): the kernel's per-CPU counts
// read before the tool starts (outer), once it is surely attached and after
// the workload (inner), and after it ended (outer); the tool must count at
// least the inner difference and at most the outer one.
#pragma once
#include <signal.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness.h"
#include "irq_workloads.h"

namespace cstest {

// Name -> count per CPU.
using CpuCounts = std::map<std::string, std::vector<uint64_t>>;

// Counted from a to b, per name, on one CPU (-1: all).
inline std::map<std::string, uint64_t> delta(const CpuCounts& a, const CpuCounts& b, int cpu = -1) {
  std::map<std::string, uint64_t> r;
  for (auto& [name, after] : b) {
    auto it = a.find(name);
    for (size_t i = 0; i < after.size(); i++) {
      if (cpu >= 0 && static_cast<size_t>(cpu) != i) continue;
      uint64_t before = it == a.end() || i >= it->second.size() ? 0 : it->second[i];
      if (after[i] > before) r[name] += after[i] - before;
    }
  }
  return r;
}

inline std::string dump(const std::map<std::string, uint64_t>& m) {
  std::string s;
  for (auto& [k, v] : m) s += k + "=" + std::to_string(v) + " ";
  return s;
}

// Waits for the first interval's summary: a line of output after the banner.
inline bool first_summary(ToolProcess& t, bool json, const std::string& banner) {
  size_t from = json ? 0 : banner.size();
  return t.wait_until([&](const std::string& o, const std::string&) {
    return o.size() > from && o.find('\n', from) != std::string::npos;
  });
}

struct Traced {
  std::unique_ptr<ToolProcess> tool;
  CpuCounts outer_a, inner_a, inner_b, outer_b;
  std::map<std::string, uint64_t> inner(int cpu = -1) const { return delta(inner_a, inner_b, cpu); }
  std::map<std::string, uint64_t> outer(int cpu = -1) const { return delta(outer_a, outer_b, cpu); }
};

// Runs the tool with 0.1 s intervals around work(), reading the counts with
// read(); the inner window opens after the first summary (see the tests'
// file comments for why), then SIGINT and exit 0.
inline void trace_around(const std::string& tool, std::vector<std::string> args,
                         const std::string& banner, CpuCounts (*read)(),
                         const std::function<void()>& work, Traced& t) {
  bool json = std::find(args.begin(), args.end(), "--json") != args.end();
  args.push_back("0.1");
  t.outer_a = read();
  t.tool = std::make_unique<ToolProcess>(tool, args);
  ASSERT_TRUE(first_summary(*t.tool, json, banner)) << t.tool->describe();
  t.inner_a = read();
  work();
  if (::testing::Test::HasFatalFailure()) return;
  t.inner_b = read();
  settle_cpus();  // handlers counted by then have returned: the tool saw them end
  Exit e = t.tool->stop(SIGINT);
  t.outer_b = read();
  ASSERT_TRUE(e.exited && e.code == 0) << t.tool->describe();
}

// A row of the text tables: a name and the numbers after it.
struct TableRow {
  std::string name;
  std::vector<uint64_t> values;
};

// The rows under each `header` line of the text output, over all intervals;
// a table ends at the first line that is not a name and a number.
inline std::vector<TableRow> table_rows(const std::string& out, const std::string& header) {
  std::vector<TableRow> r;
  bool table = false;
  for (const std::string& line : lines_of(out)) {
    if (line == header) {
      table = true;
      continue;
    }
    std::istringstream f(line);
    TableRow row;
    if (table && f >> row.name)
      for (uint64_t v; f >> v;) row.values.push_back(v);
    table = table && !row.values.empty();
    if (table) r.push_back(row);
  }
  return r;
}

// The JSON summaries' rows (`list`, or "hists" with -d), summed: the row's
// `name_key` -> its `field`.  Every line has a time; there are two or more.
inline std::map<std::string, uint64_t> json_rows(const std::string& out, const std::string& list,
                                                 const std::string& name_key,
                                                 const std::string& field,
                                                 JsonValue* summary = nullptr) {
  std::map<std::string, uint64_t> r;
  auto lines = parse_json_lines(out);
  EXPECT_GE(lines.size(), 2u) << out;
  if (lines.empty()) return r;
  if (summary) *summary = lines[0];
  for (auto& line : lines) {
    EXPECT_EQ(line["time"].kind, JsonValue::String);
    const JsonValue& rows = line.has("hists") ? line["hists"] : line[list];
    for (auto& row : rows.items) r[row[name_key].str] += static_cast<uint64_t>(row[field].num);
  }
  return r;
}

}  // namespace cstest
