// Live tests for runqslower: a workload pins three busy threads, named with
// a token of this test run, to one CPU; they keep preempting each other, and
// each waits milliseconds on the run queue for its turn, far over the 100 us
// threshold the tests pass.
#include <dirent.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <set>
#include <thread>

#include "attach_modes.h"
#include "harness.h"
#include "proc_helpers.h"
#include "spinners.h"
#include "workloads.h"

using namespace cstest;

namespace {

constexpr uint64_t kThresholdUs = 100;

// args: CPU, thread name.
CS_WORKLOAD(runqslower_spin) { return spin_on_cpu(std::atoi(args.at(0).c_str()), args.at(1)); }

struct Spinners {
  int cpu = first_allowed_cpu();
  std::string name = unique_token("rqs");
  pid_t pid = spawn_workload("runqslower_spin", {std::to_string(cpu), name});
  ~Spinners() {
    kill(pid, SIGKILL);
    wait_workload(pid);
  }
  std::string id() const { return std::to_string(pid); }
  bool owns(uint64_t tid) const {
    return access(("/proc/" + id() + "/task/" + std::to_string(tid)).c_str(), F_OK) == 0;
  }
  // Thread ids of the spinners, once they have named themselves.
  std::vector<pid_t> spinner_tids() const {
    std::vector<pid_t> r;
    for (int tries = 0; tries < 2000 && r.size() < kSpinners; tries++) {
      r.clear();
      if (DIR* d = opendir(("/proc/" + id() + "/task").c_str())) {
        while (dirent* e = readdir(d))
          if (e->d_name[0] != '.' && comm_of(pid, std::atoi(e->d_name)) == name)
            r.push_back(std::atoi(e->d_name));
        closedir(d);
      }
      if (r.size() < kSpinners) usleep(10000);
    }
    return r;
  }
};

// A text line: TIME COMM TID LAT(us) [PREV COMM PREV TID].
struct Line {
  std::string time, comm, prev_comm;
  uint64_t tid = 0, lat = 0, prev_tid = 0;
  bool prev = false;
};

std::vector<Line> parse_lines(const std::string& out) {
  std::vector<Line> r;
  for (const std::string& line : lines_of(complete_lines(out))) {
    auto w = words(line);
    if ((w.size() != 4 && w.size() != 6) || w[0].size() != 8 || w[0][2] != ':') continue;
    Line l{w[0], w[1], "", std::strtoull(w[2].c_str(), nullptr, 10),
           std::strtoull(w[3].c_str(), nullptr, 10)};
    if (w.size() == 6) {
      l.prev = true;
      l.prev_comm = w[4];
      l.prev_tid = std::strtoull(w[5].c_str(), nullptr, 10);
    }
    r.push_back(l);
  }
  return r;
}

bool has_spinner_line(const std::string& out, const Spinners& w) {
  for (auto& l : parse_lines(out))
    if (l.comm == w.name && w.owns(l.tid)) return true;
  return false;
}

const std::string kThreshold = std::to_string(kThresholdUs);

TEST(runqslower, PidFilterReportsTheWorkloadsWaits) {
  CS_REQUIRE_BPF();
  Spinners w;
  ToolProcess t("runqslower", {"-p", w.id(), kThreshold});
  ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    return has_spinner_line(o, w);
  })) << t.describe();
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_EQ(t.out().rfind("Tracing run queue latency higher than 100 us\n"
                          "TIME     COMM             TID           LAT(us)\n", 0),
            0u)
      << t.describe();
  for (auto& l : parse_lines(t.out())) {
    EXPECT_TRUE(w.owns(l.tid)) << "tid " << l.tid << " is not the workload's";
    EXPECT_GT(l.lat, kThresholdUs);
    EXPECT_FALSE(l.prev);
  }
}

TEST(runqslower, TidFilterReportsOnlyThatThread) {
  CS_REQUIRE_BPF();
  Spinners w;
  auto tids = w.spinner_tids();
  ASSERT_EQ(tids.size(), static_cast<size_t>(kSpinners));
  ToolProcess t("runqslower", {"-t", std::to_string(tids[1]), kThreshold});
  ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    return has_spinner_line(o, w);
  })) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  for (auto& l : parse_lines(t.out())) EXPECT_EQ(l.tid, static_cast<uint64_t>(tids[1]));
}

// -P: the task that was on the CPU before; with three spinners on one CPU,
// soon one of them takes the CPU from another.
TEST(runqslower, PreviousTaskColumns) {
  CS_REQUIRE_BPF();
  Spinners w;
  ToolProcess t("runqslower", {"-P", "-p", w.id(), kThreshold});
  ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    for (auto& l : parse_lines(o))
      if (l.comm == w.name && l.prev_comm == w.name && w.owns(l.prev_tid) && l.prev_tid != l.tid)
        return true;
    return false;
  })) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  EXPECT_NE(t.out().find("TIME     COMM             TID           LAT(us) PREV COMM        PREV TID\n"),
            std::string::npos)
      << t.describe();
  for (auto& l : parse_lines(t.out())) EXPECT_TRUE(l.prev) << l.time << " " << l.comm;
}

// The --json record, checked field by field; run with each event buffer.
void expect_json_records(const std::vector<std::string>& extra, const std::string& buffer) {
  Spinners w;
  std::vector<std::string> args{"--json", "-v", "-p", w.id(), kThreshold};
  args.insert(args.end(), extra.begin(), extra.end());
  ToolProcess t("runqslower", args);
  ASSERT_TRUE(t.wait_for_out("\"comm\":\"" + w.name + "\"")) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  EXPECT_NE(t.err().find(" programs and " + buffer + "\n"), std::string::npos) << t.err();
  auto lines = json_events(t.out());  // the perf buffer may also print a lost line
  ASSERT_FALSE(lines.empty());
  bool spinner = false;
  for (auto& j : lines) {
    EXPECT_EQ(j["pid"].num, w.pid) << t.describe();
    EXPECT_TRUE(w.owns(static_cast<uint64_t>(j["tid"].num))) << j["tid"].num;
    EXPECT_GT(j["lat_us"].num, kThresholdUs);
    EXPECT_EQ(j["cpu"].num, w.cpu);
    EXPECT_EQ(j["time"].kind, JsonValue::String);
    EXPECT_EQ(j["prev_comm"].kind, JsonValue::String);
    EXPECT_GE(j["prev_tid"].num, 0);
    if (j["comm"].str == w.name) spinner = true;
  }
  EXPECT_TRUE(spinner) << t.describe();
}

TEST(runqslower, JsonRecordsWithRingBuffer) {
  CS_REQUIRE_BPF();
  expect_json_records({}, "the ring buffer");
}

TEST(runqslower, JsonRecordsWithPerfBuffer) {
  CS_REQUIRE_BPF();
  expect_json_records({"--buffer", "perf"}, "the perf buffer");
}

TEST(runqslower, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  Spinners w;
  AttachSteps steps;
  steps.args = {"--json", "-p", w.id(), kThreshold};
  steps.ready = [&](const std::string& o, const std::string&) {
    return o.find("\"comm\":\"" + w.name + "\"") != std::string::npos;
  };
  steps.stopped = [&](ToolProcess& t) {
    for (auto& j : json_events(t.out())) {
      EXPECT_EQ(j["pid"].num, w.pid);
      EXPECT_GT(j["lat_us"].num, kThresholdUs);
    }
  };
  each_attach_mode("runqslower", steps);
}

TEST(runqslower, UsageErrorsExit2) {
  expect_usage_errors("runqslower", {{"-p", "12abc"},
                                     {"-p", "0"},
                                     {"-t", "x"},
                                     {"1", "2"},
                                     {"-1"},
                                     {"abc"},
                                     {"-c", "/"},
                                     {"--attach", "kprobe"}});
}

TEST(runqslower, TracepointsWithoutTracefsExplainTheFix) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("runqslower");
}

TEST(runqslower, UnprivilegedExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("runqslower");
}

}  // namespace
