// Live tests for killsnoop, which is sigsnoop -k: the kill(), tkill() and
// tgkill() calls with their results, in sigsnoop's columns.  The workloads
// are sigsnoop's (test_sigsnoop.cpp): sigsnoop_target and sigsnoop_send.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "harness.h"
#include "proc_helpers.h"
#include "signal_workloads.h"
#include "workloads.h"

using namespace cstest;

namespace {

const char kHeader[] = "TIME     PID     COMM             SIG       TPID    RESULT";

Sent send(const std::string& call, pid_t to, int sig) { return send_signal(call, to, sig, "ks"); }

void expect_line(ToolProcess& t, const Sent& s, int sig, long tpid, int result) {
  ASSERT_TRUE(t.wait_for_out(s.name)) << t.describe();
  auto lines = lines_with_word(t, s.name);
  ASSERT_EQ(lines.size(), 1u) << t.describe();
  auto w = words(lines[0]);
  ASSERT_EQ(w.size(), 6u) << lines[0];
  EXPECT_TRUE(is_hms(w[0])) << lines[0];
  EXPECT_EQ(w[1], std::to_string(s.pid)) << lines[0];
  EXPECT_EQ(w[3], std::to_string(sig)) << lines[0];
  EXPECT_EQ(w[4], std::to_string(tpid)) << lines[0];
  EXPECT_EQ(w[5], std::to_string(result)) << lines[0];
}

void expect_clean_stop(ToolProcess& t) {
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
}

// Every kill-family call, as sigsnoop -k shows them; -k itself is accepted.
TEST(killsnoop, SeesKillTkillAndTgkill) {
  CS_REQUIRE_BPF();
  SignalTarget target;
  ToolProcess t("killsnoop", {"-k"});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  Sent tg = send("tgkill", target.pid, 42);
  Sent tk = send("tkill", target.pid, 43);
  Sent k = send("kill", target.pid, 41);
  ASSERT_EQ(k.status, 0);
  expect_line(t, tg, 42, target.pid, 0);
  expect_line(t, tk, 43, target.pid, 0);
  expect_line(t, k, 41, target.pid, 0);
  expect_clean_stop(t);
}

// bcc's -T: signals sent to that PID only.
TEST(killsnoop, TargetPidFilter) {
  CS_REQUIRE_BPF();
  SignalTarget wanted, other;
  ToolProcess t("killsnoop", {"-T", std::to_string(wanted.pid)});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  Sent skip = send("kill", other.pid, 41);
  Sent k = send("kill", wanted.pid, 41);
  expect_line(t, k, 41, wanted.pid, 0);
  EXPECT_TRUE(lines_with_word(t, skip.name).empty()) << t.describe();
  expect_clean_stop(t);
}

TEST(killsnoop, FailedKillsWithX) {
  CS_REQUIRE_BPF();
  SignalTarget target;
  ToolProcess t("killsnoop", {"-x"});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  Sent ok = send("kill", target.pid, 41);
  Sent gone = send("kill", 0x3ffffff0, 15);
  ASSERT_EQ(gone.status, ESRCH);
  expect_line(t, gone, 15, 0x3ffffff0, -ESRCH);
  EXPECT_TRUE(lines_with_word(t, ok.name).empty()) << t.describe();
  expect_clean_stop(t);
}

TEST(killsnoop, SignalFilterAndJson) {
  CS_REQUIRE_BPF();
  SignalTarget target;
  ToolProcess t("killsnoop", {"-s", "SIGRTMIN+7", "--json"});
  std::vector<Sent> sent;
  std::string other;
  ASSERT_TRUE(t.cause_until(
      [&] {
        other = send("kill", target.pid, 42).name;
        sent.push_back(send("kill", target.pid, 41));
      },
      [&](const std::string& o, const std::string&) {
        return o.find(sent.back().name) != std::string::npos;
      }))
      << t.describe();
  expect_clean_stop(t);
  bool found = false;
  for (auto& j : json_events(t.out())) {
    EXPECT_EQ(j["sig"].num, 41) << "-s let another signal through";
    if (j["comm"].str != sent.back().name) continue;
    found = true;
    EXPECT_EQ(j["pid"].num, sent.back().pid);
    EXPECT_EQ(j["tpid"].num, target.pid);
    EXPECT_EQ(j["result"].num, 0);
    EXPECT_EQ(j["source"].str, "kill");
  }
  EXPECT_TRUE(found) << t.describe();
}

TEST(killsnoop, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  SignalTarget target;
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    ToolProcess t("killsnoop", {"--attach", mode, "--buffer", "perf"});
    ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
    Sent tg = send("tgkill", target.pid, 42);
    Sent k = send("kill", target.pid, 41);
    expect_line(t, tg, 42, target.pid, 0);
    expect_line(t, k, 41, target.pid, 0);
    expect_clean_stop(t);
  }
}

TEST(killsnoop, UsageErrorsExit2) {
  expect_usage_errors("killsnoop", {{"-p", "x"}, {"-s", "NOPE"}, {"-T", "0"},
                                    {"-T", "x"}});
  RunResult h = run_tool("killsnoop", {"--help"});
  EXPECT_NE(h.out.find("kill(), tkill() and tgkill() syscalls"), std::string::npos) << h.out;
}

}  // namespace
