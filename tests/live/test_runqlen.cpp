// Live tests for runqlen: a workload pins three busy threads to one CPU, so
// that CPU's run queue always holds the running spinner plus two waiting:
// every sample taken there while the workload runs must show a queue length
// of at least 2 (and an occupancy of 100%).
#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <sstream>
#include <thread>

#include "harness.h"
#include "spinners.h"
#include "workloads.h"

using namespace cstest;

namespace {

// args: CPU.
CS_WORKLOAD(runqlen_spin) { return spin_on_cpu(std::atoi(args.at(0).c_str()), ""); }

struct Spinners {
  int cpu = first_allowed_cpu();
  pid_t pid = spawn_workload("runqlen_spin", {std::to_string(cpu)});
  ~Spinners() {
    kill(pid, SIGKILL);
    wait_workload(pid);
  }
};

// One interval of text output: CPU (-1 without -C) -> queue length -> count.
using Interval = std::map<int, std::map<uint64_t, uint64_t>>;

// Complete lines only; every interval starts with a blank line.
std::vector<Interval> parse_intervals(const std::string& out) {
  std::vector<Interval> r;
  int cpu = -1;
  for (const std::string& line : lines_of(complete_lines(out))) {
    if (line.empty()) {
      r.emplace_back();
      cpu = -1;
    } else if (line.rfind("cpu = ", 0) == 0) {
      cpu = std::atoi(line.c_str() + 6);
    } else if (!r.empty() && line.rfind("        ", 0) == 0 && line.find(" : ") != std::string::npos) {
      char* end = nullptr;
      uint64_t len = std::strtoull(line.c_str(), &end, 10);
      r.back()[cpu][len] += std::strtoull(line.c_str() + line.find(" : ") + 3, nullptr, 10);
    }
  }
  return r;
}

// Samples on `cpu` in this interval, and how many of them saw a queue >= 2.
std::pair<uint64_t, uint64_t> samples(const Interval& i, int cpu) {
  uint64_t all = 0, queued = 0;
  auto it = i.find(cpu);
  if (it == i.end()) return {0, 0};
  for (auto& [len, n] : it->second) {
    all += n;
    if (len >= 2) queued += n;
  }
  return {all, queued};
}

// Some interval where every sample of `cpu` saw two or more tasks waiting.
bool queued_interval(const std::string& out, int cpu) {
  for (auto& i : parse_intervals(out)) {
    auto [all, queued] = samples(i, cpu);
    if (all > 0 && queued == all) return true;
  }
  return false;
}

TEST(runqlen, PerCpuShowsTheQueueOfTheBusyCpu) {
  CS_REQUIRE_BPF();
  Spinners w;
  ToolProcess t("runqlen", {"-C", "0.2"});
  ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    return queued_interval(o, w.cpu);
  })) << "cpu " << w.cpu << "\n" << t.describe();
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_EQ(t.out().rfind("Sampling run queue length... Hit Ctrl-C to end.\n", 0), 0u);
  EXPECT_NE(t.out().find("\ncpu = " + std::to_string(w.cpu) +
                         "\n     runqlen       : count     distribution\n"),
            std::string::npos)
      << t.describe();
}

TEST(runqlen, OccupancyOfTheBusyCpuIsFull) {
  CS_REQUIRE_BPF();
  Spinners w;
  char want[64];
  std::snprintf(want, sizeof want, "runqocc, CPU %-3d 100.00%%\n", w.cpu);
  ToolProcess t("runqlen", {"-C", "-O", "0.2"});
  ASSERT_TRUE(t.wait_for_out(want)) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
}

TEST(runqlen, AllCpusIntervalCountAndTimestamps) {
  CS_REQUIRE_BPF();
  Spinners w;
  RunResult r = run_tool("runqlen", {"-T", "0.3", "2"});
  ASSERT_TRUE(r.exit.exited) << r.out << r.err;
  EXPECT_EQ(r.exit.code, 0) << r.err;
  auto intervals = parse_intervals(r.out);
  ASSERT_EQ(intervals.size(), 2u) << r.out;
  // Each interval: "\nHH:MM:SS\n" then the histogram of all CPUs.
  EXPECT_EQ(hms_lines(r.out), 2) << r.out;
  // The spinners' CPU is sampled in the last interval: queues >= 2 among all.
  EXPECT_GT(samples(intervals.back(), -1).second, 0u) << r.out;
  EXPECT_NE(r.out.find("     runqlen       : count     distribution\n"), std::string::npos);
}

TEST(runqlen, SigintPrintsTheWholeRun) {
  CS_REQUIRE_BPF();
  ToolProcess t("runqlen", {});
  ASSERT_TRUE(t.wait_for_out("Hit Ctrl-C to end.\n")) << t.describe();
  {
    // A second instance proves sampling runs meanwhile, without a guessed sleep.
    ToolProcess witness("runqlen", {"0.1"});
    ASSERT_TRUE(witness.wait_until([](const std::string& o, const std::string&) {
      for (auto& i : parse_intervals(o))
        if (samples(i, -1).first > 0) return true;
      return false;
    })) << witness.describe();
  }
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  auto intervals = parse_intervals(t.out());
  ASSERT_EQ(intervals.size(), 1u) << t.describe();
  EXPECT_GT(samples(intervals[0], -1).first, 0u) << t.describe();
}

TEST(runqlen, JsonPerCpuAndOccupancy) {
  CS_REQUIRE_BPF();
  Spinners w;
  {
    ToolProcess t("runqlen", {"--json", "-C", "-f", "49", "0.2"});
    auto full = [&](const std::string& o) {
      for (auto& j : parse_json_lines(complete_lines(o)))
        for (auto& c : j["hists"].items) {
          if (c["cpu"].num != w.cpu || c["buckets"].items.empty()) continue;
          bool all_queued = true;
          for (auto& b : c["buckets"].items) all_queued &= b["value"].num >= 2;
          if (all_queued) return true;
        }
      return false;
    };
    ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) { return full(o); }))
        << t.describe();
    EXPECT_EQ(t.stop(SIGINT).code, 0);
    EXPECT_NE(t.err().find("Sampling run queue length"), std::string::npos) << t.err();
    for (auto& j : parse_json_lines(t.out())) {
      EXPECT_EQ(j["time"].kind, JsonValue::String);
      EXPECT_EQ(j["unit"].str, "runqlen");
      for (auto& c : j["hists"].items) EXPECT_EQ(c["cpu"].kind, JsonValue::Number);
    }
  }
  {
    RunResult r = run_tool("runqlen", {"--json", "-O", "0.2", "2"});
    ASSERT_EQ(r.exit.code, 0) << r.err;
    auto lines = parse_json_lines(r.out);
    ASSERT_EQ(lines.size(), 2u) << r.out;
    for (auto& j : lines) {
      EXPECT_GT(j["samples"].num, 0) << r.out;
      EXPECT_GE(j["runqocc"].num, 0);
      EXPECT_LE(j["runqocc"].num, 100);
    }
  }
}

TEST(runqlen, UsageErrorsExit2) {
  expect_usage_errors("runqlen", {{"--btf", "/etc/passwd"}, {"-f", "0"},
                                  {"-f", "abc"},
                                  {"-f", "99999999"},
                                  {"-p", "1"}});
  expect_bad_interval_args("runqlen");
}

TEST(runqlen, UnprivilegedExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("runqlen");
}

}  // namespace
