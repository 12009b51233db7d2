// Live tests for softirqs: the test sends UDP datagrams to itself over
// loopback (NET_RX softirqs on its CPU) while the tool runs, and reads
// /proc/softirqs around that.  The kernel counts a softirq there right
// before the softirq_entry tracepoint, so for every vector the tool must
// count at least what /proc/softirqs counted while it was surely attached,
// and at most what it counted from before the tool started to after it
// ended.
//
// "Surely attached" is after the tool's first interval summary, not right
// after its banner: on Linux 6.18 a tracepoint probe registered within a
// few hundred milliseconds of another probe's removal was seen to miss a
// few events at first (back-to-back tests do exactly that).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "attach_modes.h"
#include "harness.h"
#include "irq_counts.h"
#include "irq_workloads.h"
#include "proc_softirqs.h"
#include "workloads.h"

using namespace cstest;

namespace {

const char* const kBanner = "Tracing soft irq event time... Hit Ctrl-C to end.\n";
constexpr int kPackets = 200;
const char* const kInterval = "0.1";

// softirqs_udp CPU N: N datagrams to itself on a private loopback, on CPU.
CS_WORKLOAD(softirqs_udp) {
  if (!pin_to_cpu(std::stoi(args.at(0)))) return 2;
  if (!private_loopback()) return 3;
  return udp_to_self(std::stoi(args.at(1)));
}

// /proc/softirqs: vector name (lower case) -> count per CPU.
using Counts = CpuCounts;

Counts read_softirqs() {
  Counts r;
  for (auto& [name, counts] : proc_softirqs()) r[name] = counts;
  return r;
}

// Runs the tool, with 0.1 s intervals, around kPackets datagrams sent on `cpu`.
void trace_udp(std::vector<std::string> args, int cpu, Traced& t) {
  trace_around("softirqs", args, kBanner, read_softirqs, [&] {
    ASSERT_EQ(run_workload("softirqs_udp", {std::to_string(cpu), std::to_string(kPackets)}), 0);
  }, t);
  if (::testing::Test::HasFatalFailure()) return;
  ASSERT_GT(t.inner()["net_rx"], 0u) << "the datagrams raised no NET_RX softirq";
}

// inner <= tool <= outer for every vector.
void expect_bounds(const std::map<std::string, uint64_t>& tool, const Traced& t, int cpu,
                   const std::string& what) {
  auto inner = t.inner(cpu), outer = t.outer(cpu);
  std::string all = "\ntool:  " + dump(tool) + "\ninner: " + dump(inner) + "\nouter: " +
                    dump(outer) + "\n" + what;
  for (auto& [name, n] : inner) EXPECT_GE(tool.count(name) ? tool.at(name) : 0, n) << name << all;
  for (auto& [name, n] : tool) EXPECT_LE(n, outer[name]) << name << all;
}

// Rows of the text tables, summed over the intervals: "name  time [count]".
struct Row {
  uint64_t time = 0, count = 0;
  int columns = 0;
};
std::map<std::string, Row> text_rows(const std::string& out, const std::string& header) {
  std::map<std::string, Row> r;
  for (const TableRow& row : table_rows(out, header)) {
    Row& sum = r[row.name];
    sum.time += row.values[0];
    if (row.values.size() > 1) sum.count += row.values[1];
    sum.columns = static_cast<int>(row.values.size()) + 1;
  }
  return r;
}

// The JSON summaries' "softirqs" (or "hists") rows, summed: name -> field.
std::map<std::string, uint64_t> json_rows(const std::string& out, const std::string& field,
                                          JsonValue* summary = nullptr) {
  return cstest::json_rows(out, "softirqs", "softirq", field, summary);
}

TEST(softirqs, CountsWhatProcSoftirqsCounts) {
  CS_REQUIRE_BPF();
  Traced t;
  ASSERT_NO_FATAL_FAILURE(trace_udp({"-C"}, first_allowed_cpu(), t));
  std::string out = t.tool->out();
  // -C prints counts instead of time, as in the peers' irq tools.
  std::string header = "SOFTIRQ          TOTAL_count";
  EXPECT_EQ(out.rfind(std::string(kBanner) + "\n" + header + "\n", 0), 0u) << out;
  size_t tables = 0;
  for (size_t at = out.find(header); at != std::string::npos; at = out.find(header, at + 1))
    tables++;
  EXPECT_GE(tables, 2u) << "one table per interval and one at the end";
  std::map<std::string, uint64_t> counts;
  for (auto& [name, row] : text_rows(out, header)) {
    EXPECT_EQ(row.columns, 2) << name;  // the one number is the count (parsed as "time")
    counts[name] = row.time;
  }
  expect_bounds(counts, t, -1, t.tool->describe());
}

TEST(softirqs, TextTableShowsTimeOnly) {
  CS_REQUIRE_BPF();
  Traced t;
  ASSERT_NO_FATAL_FAILURE(trace_udp({}, first_allowed_cpu(), t));
  std::string header = "SOFTIRQ          TOTAL_usecs";
  auto rows = text_rows(t.tool->out(), header);
  ASSERT_TRUE(rows.count("net_rx")) << t.tool->describe();
  for (auto& [name, row] : rows) EXPECT_EQ(row.columns, 2) << name;
  // "%-16s %11llu", as libbpf-tools prints it.
  for (auto& line : t.tool->out_lines()) {
    if (line.rfind("net_rx ", 0) == 0) {
      EXPECT_EQ(line.size(), 28u) << line;
    }
  }
}

TEST(softirqs, JsonCountsAndNanoseconds) {
  CS_REQUIRE_BPF();
  Traced t;
  ASSERT_NO_FATAL_FAILURE(trace_udp({"--json", "-N"}, first_allowed_cpu(), t));
  EXPECT_EQ(t.tool->out().find("Tracing"), std::string::npos) << "banner belongs on stderr";
  JsonValue summary;
  auto counts = json_rows(t.tool->out(), "count", &summary);
  EXPECT_EQ(summary["unit"].str, "nsecs");
  EXPECT_EQ(summary["time"].kind, JsonValue::String);
  expect_bounds(counts, t, -1, t.tool->describe());
  EXPECT_GT(json_rows(t.tool->out(), "total")["net_rx"], 0u) << t.tool->describe();
}

// -c CPU: the bounds hold on that CPU's column of /proc/softirqs.
TEST(softirqs, CpuFilterCountsOnlyThatCpu) {
  CS_REQUIRE_BPF();
  long cpus = sysconf(_SC_NPROCESSORS_CONF);
  int mine = first_allowed_cpu();
  for (int cpu = 0; cpu < std::min<long>(cpus, 2); cpu++) {
    SCOPED_TRACE("cpu " + std::to_string(cpu));
    Traced t;
    ASSERT_NO_FATAL_FAILURE(trace_udp({"--json", "-C", "-c", std::to_string(cpu)}, mine, t));
    expect_bounds(json_rows(t.tool->out(), "count"), t, cpu, t.tool->describe());
  }
}

// -d: "softirq = NAME", its histogram, an empty line; the histogram holds
// every run counted.
TEST(softirqs, DistributionPerVector) {
  CS_REQUIRE_BPF();
  Traced t;
  ASSERT_NO_FATAL_FAILURE(trace_udp({"-d"}, first_allowed_cpu(), t));
  std::map<std::string, uint64_t> sums;
  std::string current;
  std::istringstream in(t.tool->out());
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("softirq = ", 0) == 0) {
      current = line.substr(10);
      ASSERT_TRUE(std::getline(in, line));
      EXPECT_EQ(line, "     usecs               : count    distribution");
    } else if (line.find(" -> ") != std::string::npos && !current.empty()) {
      sums[current] += std::stoull(line.substr(line.find(" : ") + 3));
    } else if (!current.empty()) {
      EXPECT_EQ(line, "") << "a histogram ends with an empty line";
      current.clear();
    }
  }
  expect_bounds(sums, t, -1, t.tool->describe());
}

TEST(softirqs, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  Counts a, b;
  AttachSteps steps;
  steps.args = {"--json", kInterval};
  steps.ready = [](const std::string&, const std::string& e) {
    return e.find("Hit Ctrl-C") != std::string::npos;
  };
  steps.running = [&](ToolProcess& t) {
    ASSERT_TRUE(first_summary(t, true, kBanner)) << t.describe();
    a = read_softirqs();
    ASSERT_EQ(run_workload("softirqs_udp", {std::to_string(first_allowed_cpu()), "50"}), 0);
    b = read_softirqs();
    settle_cpus();
  };
  steps.stopped = [&](ToolProcess& t) {
    auto counts = json_rows(t.out(), "count");
    auto proc = delta(a, b);
    ASSERT_GT(proc["net_rx"], 0u);
    for (auto& [name, n] : proc) EXPECT_GE(counts[name], n) << name << "\n" << t.describe();
  };
  each_attach_mode("softirqs", steps);
}

TEST(softirqs, IntervalsWithTimestampsEndByThemselves) {
  CS_REQUIRE_BPF();
  RunResult r = run_tool("softirqs", {"-T", "0.3", "2"});
  ASSERT_TRUE(r.exit.exited) << r.out << r.err;
  EXPECT_EQ(r.exit.code, 0) << r.err;
  EXPECT_EQ(hms_lines(r.out), 2) << r.out;
  auto lines = lines_of(r.out);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "SOFTIRQ          TOTAL_usecs"), 2) << r.out;
}

TEST(softirqs, UsageErrorsExit2) {
  expect_usage_errors("softirqs", {
      {"-c", "abc"},
      {"-c", "100000"},
      {"-c", "-1"},
      {"--attach", "kprobe"},
  });
  expect_bad_interval_args("softirqs");
}

TEST(softirqs, TracepointsWithoutTracefsExplainTheFix) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("softirqs");
}

TEST(softirqs, UnprivilegedExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("softirqs");
}

}  // namespace
