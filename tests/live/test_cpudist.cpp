// Live tests for cpudist.  Two workloads: three busy threads pinned to one
// CPU, which run in time slices ended by preemption (on-CPU time), and a
// thread that sleeps 2 ms at a time (off-CPU time of at least 2 ms each).
#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <thread>

#include "attach_modes.h"
#include "harness.h"
#include "spinners.h"
#include "hist_sections.h"
#include "proc_helpers.h"
#include "workloads.h"

using namespace cstest;

namespace {

constexpr auto kLifetime = std::chrono::seconds(90);  // a safety stop only

// args: thread name.  kSpinners busy threads on this process's first CPU.
CS_WORKLOAD(cpudist_spin) { return spin_on_cpu(first_allowed_cpu(), args.at(0)); }

// args: name.  Sleeps 2 ms at a time, named `name`.
CS_WORKLOAD(cpudist_sleep) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  set_comm(args.at(0));
  auto end = std::chrono::steady_clock::now() + kLifetime;
  while (std::chrono::steady_clock::now() < end) usleep(2000);
  return 0;
}

struct Workload {
  std::string name;
  pid_t pid;
  Workload(const std::string& kind, const std::string& prefix)
      : name(unique_token(prefix)), pid(spawn_workload(kind, {name})) {}
  ~Workload() {
    kill(pid, SIGKILL);
    wait_workload(pid);
  }
  std::string id() const { return std::to_string(pid); }
};

// One histogram of the text output: its "pid = N comm" / "tid = N comm"
// header (kind "" when unkeyed) and its rows.
struct Row {
  uint64_t low, high, count;
};
struct Section : SectionHeader {
  std::vector<Row> rows;
  uint64_t total(uint64_t min_low = 0) const {
    uint64_t t = 0;
    for (auto& r : rows)
      if (r.low >= min_low) t += r.count;
    return t;
  }
};

std::vector<Section> parse_sections(const std::string& out) {
  std::vector<Section> r;
  for (const std::string& line : lines_of(complete_lines(out))) {
    Section s;
    if (section_header(line, {"pid", "tid"}, &s)) {
      r.push_back(s);
      continue;
    }
    if (line.find("usecs") != std::string::npos || line.find("msecs") != std::string::npos) {
      if (r.empty() || !r.back().rows.empty()) r.emplace_back();  // unkeyed: a new interval
      continue;
    }
    auto w = words(line);  // "low -> high : count |...|"
    if (w.size() < 5 || w[1] != "->" || w[3] != ":" || r.empty()) continue;
    r.back().rows.push_back({std::strtoull(w[0].c_str(), nullptr, 10),
                             std::strtoull(w[2].c_str(), nullptr, 10),
                             std::strtoull(w[4].c_str(), nullptr, 10)});
  }
  return r;
}

// Counts in rows starting at min_low or more, over sections of kind/key.
uint64_t counted(const std::string& out, const std::string& kind, uint64_t key, uint64_t min_low = 0) {
  uint64_t t = 0;
  for (auto& s : parse_sections(out))
    if (s.kind == kind && (kind.empty() || s.key == key)) t += s.total(min_low);
  return t;
}

TEST(cpudist, OnCpuTimeOfABusyProcess) {
  CS_REQUIRE_BPF();
  Workload w("cpudist_spin", "cds");
  ToolProcess t("cpudist", {"-p", w.id(), "0.2"});
  ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    return counted(o, "", 0) > 0;
  })) << t.describe();
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_EQ(t.out().rfind("Tracing on-CPU time... Hit Ctrl-C to end.\n", 0), 0u) << t.describe();
  EXPECT_NE(t.out().find("     usecs               : count    distribution\n"), std::string::npos);
  for (auto& s : parse_sections(t.out())) EXPECT_EQ(s.kind, "") << "unexpected section header";
}

// Off-CPU time of a process that sleeps 2 ms at a time: counts of 1024 us
// and more.  Its on-CPU slices are microseconds: no such counts.
TEST(cpudist, OffCpuTimeOfASleepingProcess) {
  CS_REQUIRE_BPF();
  Workload w("cpudist_sleep", "cdo");
  ToolProcess t("cpudist", {"-O", "-p", w.id(), "0.2"});
  ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    return counted(o, "", 0, 1024) > 0;
  })) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  EXPECT_EQ(t.out().rfind("Tracing off-CPU time... Hit Ctrl-C to end.\n", 0), 0u) << t.describe();
}

TEST(cpudist, PerProcessShowsThePidSection) {
  CS_REQUIRE_BPF();
  Workload w("cpudist_sleep", "cdp");
  ToolProcess t("cpudist", {"-P", "0.2"});
  ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    return counted(o, "pid", w.pid) > 0;
  })) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  std::string header = "\npid = " + w.id() + " " + w.name + "\n     usecs ";
  EXPECT_NE(t.out().find(header), std::string::npos) << t.describe();
}

// Per thread, milliseconds: sections for the spinner threads by their names.
TEST(cpudist, PerThreadMilliseconds) {
  CS_REQUIRE_BPF();
  Workload w("cpudist_spin", "cdl");
  ToolProcess t("cpudist", {"-L", "-m", "-p", w.id(), "0.2"});
  ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    for (auto& s : parse_sections(o))
      if (s.kind == "tid" && s.comm == w.name && s.total() > 0) return true;
    return false;
  })) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  EXPECT_NE(t.out().find("     msecs               : count    distribution\n"), std::string::npos);
  for (auto& s : parse_sections(t.out())) {
    EXPECT_EQ(s.kind, "tid");
    std::string task = "/proc/" + w.id() + "/task/" + std::to_string(s.key);
    EXPECT_EQ(access(task.c_str(), F_OK), 0) << "tid " << s.key << " is not the workload's";
  }
}

TEST(cpudist, IntervalCountAndTimestamps) {
  CS_REQUIRE_BPF();
  Workload w("cpudist_spin", "cdi");
  RunResult r = run_tool("cpudist", {"-T", "-p", w.id(), "0.3", "2"});
  ASSERT_TRUE(r.exit.exited) << r.out << r.err;
  EXPECT_EQ(r.exit.code, 0) << r.err;
  EXPECT_EQ(hms_lines(r.out), 2) << r.out;
  EXPECT_GT(counted(r.out, "", 0), 0u) << r.out;
}

TEST(cpudist, JsonPerInterval) {
  CS_REQUIRE_BPF();
  Workload w("cpudist_sleep", "cdj");
  ToolProcess t("cpudist", {"--json", "-O", "-P", "-p", w.id(), "0.2"});
  ASSERT_TRUE(t.wait_for_out("\"comm\":\"" + w.name + "\"")) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  EXPECT_NE(t.err().find("Tracing off-CPU time"), std::string::npos) << t.err();
  uint64_t long_sleeps = 0;
  for (auto& j : parse_json_lines(t.out())) {
    EXPECT_EQ(j["type"].str, "histogram");
    EXPECT_EQ(j["time"].kind, JsonValue::String);
    EXPECT_EQ(j["unit"].str, "usecs");
    for (auto& h : j["hists"].items) {
      EXPECT_EQ(h["pid"].num, w.pid);
      EXPECT_EQ(h["comm"].str, w.name);
      for (auto& b : h["buckets"].items)
        if (b["low"].num >= 1024) long_sleeps += static_cast<uint64_t>(b["count"].num);
    }
  }
  EXPECT_GT(long_sleeps, 0u) << t.describe();
}

// Every flavour, on- and off-CPU (the tracepoint flavour counts them
// differently, see bpf/cpudist.bpf.c).
// -I (bcc's): the idle tasks (TID 0, "swapper/N") get histograms too, in
// every flavour; without it they never do.  Idle runs only when a CPU has
// nothing else: under load (the kernel matrix's VMs beside the host run)
// that can take a while, so -I runs in 1 s intervals until one shows.
TEST(cpudist, IdleTasksOnlyWithDashI) {
  CS_REQUIRE_BPF();
  ensure_tracefs();
  auto idle_hists = [](const std::string& out) {
    int n = 0;
    size_t end = out.rfind('\n');
    if (end == std::string::npos) return 0;
    for (const JsonValue& j : parse_json_lines(out.substr(0, end + 1)))
      for (const JsonValue& h : j["hists"].items)
        if (h["tid"].num == 0) {
          n++;
          EXPECT_EQ(h["comm"].str.rfind("swapper/", 0), 0u) << h["comm"].str;
        }
    return n;
  };
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    ToolProcess with("cpudist", {"-I", "-L", "--json", "--attach", mode, "1"});
    EXPECT_TRUE(with.wait_until([&](const std::string& o, const std::string&) {
      return idle_hists(o) >= 1;
    }, std::chrono::seconds(60))) << with.describe();
    Exit e = with.stop(SIGINT);
    EXPECT_TRUE(e.exited && e.code == 0) << with.describe();
  }
  RunResult without = run_tool("cpudist", {"-L", "--json", "0.5", "1"});
  EXPECT_EQ(idle_hists(without.out), 0) << without.out;
}

TEST(cpudist, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  Workload w("cpudist_sleep", "cdf");
  for (bool off : {false, true}) {
    SCOPED_TRACE(off ? "-O" : "on-CPU");
    AttachSteps steps;
    steps.args = {"-P", "-p", w.id(), "0.2"};
    if (off) steps.args.push_back("-O");
    steps.ready = [&](const std::string& o, const std::string&) {
      return counted(o, "pid", w.pid, off ? 1024 : 0) > 0;
    };
    steps.stopped = [&](ToolProcess& t) {
      for (auto& s : parse_sections(t.out())) EXPECT_EQ(s.key, static_cast<uint64_t>(w.pid));
    };
    each_attach_mode("cpudist", steps);
  }
}

TEST(cpudist, UsageErrorsExit2) {
  expect_usage_errors("cpudist", {{"-p", "12abc"},
                                  {"-P", "-L"},
                                  {"-c", "/nonexistent-cgroup"},
                                  {"--attach", "kprobe"}});
  expect_bad_interval_args("cpudist");
}

TEST(cpudist, TracepointsWithoutTracefsExplainTheFix) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("cpudist");
}

TEST(cpudist, UnprivilegedExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("cpudist");
}

}  // namespace
