// Live tests for softirqslower: a workload with a unique name sends UDP
// datagrams to itself over loopback, pinned to one CPU.  Each send raises
// NET_RX on that CPU and runs it when the send re-enables bottom halves, in
// the workload's context: with a threshold of 0 the tool must report net_rx
// softirqs on that CPU with the workload's name.
#include <gtest/gtest.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <sstream>

#include "attach_modes.h"
#include "harness.h"
#include "irq_workloads.h"
#include "proc_helpers.h"
#include "workloads.h"

using namespace cstest;

namespace {

const char* const kHeader =
    "TIME     STAGE                SOFTIRQ  LAT(us)        CPU    COMM            ";
const char* const kRun = "softirq runtime";
const char* const kWait = "irq(hard) to softirq";

// softirqslower_udp CPU N COMM: N datagrams to itself, named COMM, on CPU.
CS_WORKLOAD(softirqslower_udp) {
  if (!pin_to_cpu(std::stoi(args.at(0)))) return 2;
  if (!private_loopback()) return 3;
  set_comm(args.at(2));
  return udp_to_self(std::stoi(args.at(1)));
}

// One text line, cut at libbpf-tools' columns "%-8s %-20s %-8s %-14llu %-6u %-16s".
struct Line {
  std::string time, stage, softirq, comm;
  uint64_t lat_us = 0;
  int cpu = -1;
};

std::string trim(std::string s) {
  s.erase(s.find_last_not_of(' ') + 1);
  return s;
}

std::vector<Line> parse_lines(const ToolProcess& t) {
  std::vector<Line> r;
  auto lines = t.out_lines();
  for (size_t i = 2; i < lines.size(); i++) {  // after the banner and the header
    const std::string& l = lines[i];
    if (l.size() < 62) continue;  // a line read before its end
    Line x;
    x.time = l.substr(0, 8);
    x.stage = trim(l.substr(9, 20));
    x.softirq = trim(l.substr(30, 8));
    x.lat_us = std::stoull(l.substr(39, 14));
    x.cpu = std::stoi(l.substr(54, 6));
    x.comm = trim(l.substr(61));
    r.push_back(x);
  }
  return r;
}

bool has_comm(const std::vector<Line>& lines, const std::string& comm, const char* stage) {
  for (auto& l : lines)
    if (l.comm == comm && l.stage == stage) return true;
  return false;
}

// A JSON line of this stage and comm.
bool json_has(const std::string& out, const std::string& comm, const char* stage) {
  std::istringstream in(out);
  std::string l;
  while (std::getline(in, l))
    if (l.find("\"stage\":\"" + std::string(stage) + "\"") != std::string::npos &&
        l.find("\"comm\":\"" + comm + "\"") != std::string::npos)
      return true;
  return false;
}

// Repeats the workload until pred holds.
bool cause(ToolProcess& t, int cpu, const std::string& comm,
           const std::function<bool(const std::string&, const std::string&)>& pred) {
  return t.cause_until(
      [&] { run_workload("softirqslower_udp", {std::to_string(cpu), "20", comm}); }, pred);
}

TEST(softirqslower, ReportsOwnNetRxWithCommAndCpu) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("sirq");
  int cpu = first_allowed_cpu();
  ToolProcess t("softirqslower", {"0"});
  ASSERT_TRUE(t.wait_for_out("Hit Ctrl-C to end.\n")) << t.describe();
  ASSERT_TRUE(cause(t, cpu, comm, [&](const std::string&, const std::string&) {
    auto lines = parse_lines(t);
    return has_comm(lines, comm, kRun) && has_comm(lines, comm, kWait);
  })) << t.describe();
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  auto out = t.out_lines();
  ASSERT_GE(out.size(), 2u);
  EXPECT_EQ(out[0], "Tracing softirq latency higher than 0 us... Hit Ctrl-C to end.");
  EXPECT_EQ(out[1], kHeader);
  // Other softirqs (a timer tick's) may run in the workload's context too.
  int net_rx = 0;
  for (auto& l : parse_lines(t)) {
    if (l.comm != comm) continue;
    if (l.softirq == "net_rx") net_rx++;
    EXPECT_EQ(l.cpu, cpu);
    EXPECT_TRUE(l.time.size() == 8 && l.time[2] == ':' && l.time[5] == ':') << l.time;
    EXPECT_TRUE(l.stage == kRun || l.stage == kWait) << l.stage;
  }
  EXPECT_GT(net_rx, 0) << t.describe();
}

TEST(softirqslower, JsonFields) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("sirqj");
  int cpu = first_allowed_cpu();
  ToolProcess t("softirqslower", {"--json", "0"});
  ASSERT_TRUE(t.wait_for_err("Hit Ctrl-C to end.\n")) << t.describe();
  ASSERT_TRUE(cause(t, cpu, comm, [&](const std::string& o, const std::string&) {
    return json_has(o, comm, "run");
  })) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0) << t.describe();
  int ours = 0;
  for (auto& j : json_events(complete_lines(t.out()))) {
    EXPECT_GE(j["lat_ns"].num, j["lat_us"].num * 1000);
    EXPECT_LT(j["lat_ns"].num, (j["lat_us"].num + 1) * 1000);
    EXPECT_TRUE(j["stage"].str == "run" || j["stage"].str == "wait") << j["stage"].str;
    if (j["comm"].str != comm) continue;
    EXPECT_EQ(j["cpu"].num, cpu);
    if (j["softirq"].str != "net_rx") continue;  // a tick's softirq in the workload's context
    ours++;
    EXPECT_EQ(j["vec"].num, 3);
    EXPECT_GT(j["pid"].num, 0);
    EXPECT_EQ(j["time"].kind, JsonValue::String);
  }
  EXPECT_GT(ours, 0) << t.describe();
}

TEST(softirqslower, PerfBuffer) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("sirqp");
  ToolProcess t("softirqslower", {"--buffer", "perf", "-v", "--json", "0"});
  ASSERT_TRUE(t.wait_for_err("Hit Ctrl-C to end.\n")) << t.describe();
  EXPECT_NE(t.err().find("perf buffer"), std::string::npos) << t.describe();
  ASSERT_TRUE(cause(t, first_allowed_cpu(), comm, [&](const std::string& o, const std::string&) {
    return json_has(o, comm, "run");
  })) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0) << t.describe();
}

// A threshold of one second hides the workload's softirqs that a second
// instance, without threshold, sees meanwhile.
TEST(softirqslower, ThresholdHidesFastSoftirqs) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("sirqt");
  ToolProcess slow("softirqslower", {"--json", "1000000"});
  ASSERT_TRUE(slow.wait_for_err("higher than 1000000 us")) << slow.describe();
  ToolProcess all("softirqslower", {"--json", "0"});
  ASSERT_TRUE(all.wait_for_err("Hit Ctrl-C to end.\n")) << all.describe();
  ASSERT_TRUE(cause(all, first_allowed_cpu(), comm, [&](const std::string& o, const std::string&) {
    return json_has(o, comm, "run");
  })) << all.describe();
  EXPECT_EQ(all.stop(SIGINT).code, 0);
  EXPECT_EQ(slow.stop(SIGINT).code, 0);
  EXPECT_EQ(slow.out().find(comm), std::string::npos) << slow.describe();
  for (auto& j : json_events(slow.out())) EXPECT_GE(j["lat_us"].num, 1000000) << slow.out();
}

// -c: only that CPU.  With two CPUs, an instance on the other CPU does not
// see the pinned workload that one on its CPU sees.
TEST(softirqslower, CpuFilter) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("sirqc");
  int cpu = first_allowed_cpu();
  long cpus = sysconf(_SC_NPROCESSORS_CONF);
  int other = cpus > 1 ? (cpu + 1) % static_cast<int>(cpus) : -1;
  std::unique_ptr<ToolProcess> elsewhere;
  if (other >= 0) {
    elsewhere = std::make_unique<ToolProcess>(
        "softirqslower", std::vector<std::string>{"--json", "-c", std::to_string(other), "0"});
    ASSERT_TRUE(elsewhere->wait_for_err("Hit Ctrl-C to end.\n")) << elsewhere->describe();
  }
  ToolProcess here("softirqslower", {"--json", "-c", std::to_string(cpu), "0"});
  ASSERT_TRUE(here.wait_for_err("Hit Ctrl-C to end.\n")) << here.describe();
  ASSERT_TRUE(cause(here, cpu, comm, [&](const std::string& o, const std::string&) {
    return json_has(o, comm, "run");
  })) << here.describe();
  EXPECT_EQ(here.stop(SIGINT).code, 0);
  for (auto& j : json_events(complete_lines(here.out())))
    EXPECT_EQ(j["cpu"].num, cpu);
  if (!elsewhere) return;
  EXPECT_EQ(elsewhere->stop(SIGINT).code, 0);
  EXPECT_EQ(elsewhere->out().find(comm), std::string::npos) << elsewhere->describe();
  for (auto& j : json_events(complete_lines(elsewhere->out())))
    EXPECT_EQ(j["cpu"].num, other);
}

TEST(softirqslower, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  AttachSteps steps;
  steps.args = {"--json", "0"};
  steps.ready = [](const std::string&, const std::string& e) {
    return e.find("Hit Ctrl-C") != std::string::npos;
  };
  steps.running = [](ToolProcess& t) {
    std::string comm = unique_token("sirqa");
    ASSERT_TRUE(cause(t, first_allowed_cpu(), comm, [&](const std::string& o, const std::string&) {
      return json_has(o, comm, "run") && json_has(o, comm, "wait");
    })) << t.describe();
  };
  each_attach_mode("softirqslower", steps);
}

TEST(softirqslower, UsageErrorsExit2) {
  expect_usage_errors("softirqslower", {
      {"-c", "abc"},
      {"-c", "100000"},
      {"abc"},
      {"-5"},
      {"10", "20"},
      {"1e3x"},
      {"--attach", "kprobe"},
      {"--buffer", "pipe"},
  });
}

TEST(softirqslower, TracepointsWithoutTracefsExplainTheFix) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("softirqslower");
}

TEST(softirqslower, UnprivilegedExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("softirqslower");
}

}  // namespace
