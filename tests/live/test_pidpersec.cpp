// Live tests for pidpersec: a workload, held at a gate until the tool is
// attached, forks a known number of children; the per-second lines must add
// up to them (exactly, when -p selects the workload as the parent).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <regex>
#include <sstream>

#include "gated_workload.h"
#include "harness.h"
#include "workloads.h"

using namespace cstest;

namespace {

constexpr int kChildren = 37;

// args: GATE_FD READY_FD.  Says it is ready, waits for one byte (or EOF) on
// the gate, then forks kChildren children that exit at once.
CS_WORKLOAD(pidpersec_forks) {
  if (!pass_workload_gate(args)) _exit(1);
  for (int i = 0; i < kChildren; i++) {
    pid_t p = fork();
    if (p == 0) _exit(0);
    if (p < 0) _exit(2);
    waitpid(p, nullptr, 0);
  }
  _exit(0);
}

// Sum of the per-second counts so far; -1 if a line has the wrong form.
long sum_text(const std::string& out) {
  static const std::regex line(R"(^\d\d:\d\d:\d\d: PIDs/sec: (\d+)$)");
  long sum = 0;
  std::istringstream in(out);
  std::string l;
  while (std::getline(in, l)) {
    if (l == "Tracing... Ctrl-C to end.") continue;
    std::smatch m;
    if (!std::regex_match(l, m, line)) return -1;
    sum += std::stol(m[1]);
  }
  return sum;
}

long sum_json(const std::string& out) {
  long sum = 0;
  for (auto& j : parse_json_lines(out)) {
    if (!j.has("time") || !j.has("pids") || j["time"].str.size() != 8) return -1;
    sum += static_cast<long>(j["pids"].num);
  }
  return sum;
}

// Runs pidpersec with args (plus -p <workload> when by_pid), releases the
// workload and waits until the lines add up to at least kChildren.
long run_and_sum(const std::vector<std::string>& args, bool by_pid, std::string* out = nullptr) {
  GatedWorkload w("pidpersec_forks");
  EXPECT_TRUE(w.ready());
  std::vector<std::string> all = args;
  if (by_pid) all.insert(all.end(), {"-p", std::to_string(w.pid())});
  bool json = std::find(args.begin(), args.end(), "--json") != args.end();
  ToolProcess t("pidpersec", all);
  bool up = json ? t.wait_for_err("Tracing... Ctrl-C to end.") : t.wait_for_out("Tracing... Ctrl-C to end.");
  EXPECT_TRUE(up) << t.describe();
  if (!up) return -1;
  EXPECT_EQ(w.wait(), 0);
  auto sum = [&](const std::string& o) { return json ? sum_json(o) : sum_text(o); };
  EXPECT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    return sum(o) >= kChildren;
  })) << t.describe();
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  if (out) *out = t.out();
  long s = sum(t.out());
  EXPECT_GE(s, 0) << "malformed line: " << t.describe();
  return s;
}

TEST(pidpersec, CountsExactlyTheForksOfOneParent) {
  CS_REQUIRE_BPF();
  std::string out;
  EXPECT_EQ(run_and_sum({}, true, &out), kChildren) << out;
  EXPECT_EQ(out.rfind("Tracing... Ctrl-C to end.\n", 0), 0u) << out;
}

TEST(pidpersec, SystemWideCoversTheForks) {
  CS_REQUIRE_BPF();
  EXPECT_GE(run_and_sum({}, false), kChildren);
}

TEST(pidpersec, JsonOneObjectPerSecond) {
  CS_REQUIRE_BPF();
  std::string out;
  EXPECT_EQ(run_and_sum({"--json"}, true, &out), kChildren) << out;
  EXPECT_EQ(out.find("PIDs/sec"), std::string::npos) << out;
}

// Every attach flavour this kernel offers counts the same forks.
TEST(pidpersec, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    EXPECT_EQ(run_and_sum({"--attach", mode}, true), kChildren);
  }
}

TEST(pidpersec, PrintsALineEverySecond) {
  CS_REQUIRE_BPF();
  ToolProcess t("pidpersec", {});
  ASSERT_TRUE(t.wait_until([](const std::string& o, const std::string&) {
    return std::count(o.begin(), o.end(), '\n') >= 3;  // banner + 2 seconds
  })) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  EXPECT_GE(sum_text(t.out()), 0) << t.describe();
}

TEST(pidpersec, UsageErrorsExit2) {
  expect_usage_errors("pidpersec", {{"-p", "12abc"}, {"-p", "0"}, {"-u", "x"}, {"1"},
                                    {"-c", "/sys/fs/cgroup/no/such/cgroup"}, {"--attach", "sideways"}});
}

TEST(pidpersec, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("pidpersec");
}

}  // namespace
