// Live tests for sigsnoop: a sender workload with a unique name sends a
// chosen signal to a target workload the test started, and the tool must
// show that sender, target and signal.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "harness.h"
#include "proc_helpers.h"
#include "signal_workloads.h"
#include "workloads.h"

using namespace cstest;

namespace {

const char kHeader[] = "TIME     PID     COMM             SIG       TPID    RESULT";
constexpr int kSig = 41;  // SIGRTMIN+7: nothing else on a test machine sends it

// args: NAME -- catches every signal it can, then names itself NAME (the
// sign that it is ready) and waits.
CS_WORKLOAD(sigsnoop_target) {
  struct sigaction sa {};
  sa.sa_handler = [](int) {};
  for (int s = 1; s <= 64; s++) sigaction(s, &sa, nullptr);
  set_comm(args.at(0));
  for (;;) pause();
}

// args: NAME CALL PID SIG -- names itself NAME, then CALL (kill, tkill or
// tgkill) sends SIG to PID; exits 0, or with the errno.
CS_WORKLOAD(sigsnoop_send) {
  set_comm(args.at(0));
  pid_t pid = std::atoi(args.at(2).c_str());
  int sig = std::atoi(args.at(3).c_str());
  long r;
  if (args.at(1) == "tgkill") r = syscall(SYS_tgkill, pid, pid, sig);
  else if (args.at(1) == "tkill") r = syscall(SYS_tkill, pid, sig);
  else r = syscall(SYS_kill, pid, sig);
  return r == 0 ? 0 : errno;
}

Sent send(const std::string& call, pid_t to, int sig) { return send_signal(call, to, sig, "sn"); }

// The text line of sender `s` (COMM column), checked column by column.
void expect_line(ToolProcess& t, const Sent& s, const std::string& sig, pid_t tpid,
                 const std::string& result) {
  // The sender's exit also sends SIGCHLD to the test: only lines aimed at tpid count.
  std::vector<std::string> lines;
  t.wait_until([&](const std::string&, const std::string&) {
    lines.clear();
    for (auto& l : lines_with_word(t, s.name))
      if (words(l).size() > 4 && words(l)[4] == std::to_string(tpid)) lines.push_back(l);
    return !lines.empty();
  });
  ASSERT_EQ(lines.size(), 1u) << t.describe();
  auto w = words(lines[0]);
  ASSERT_EQ(w.size(), 6u) << lines[0];
  EXPECT_TRUE(is_hms(w[0])) << lines[0];
  EXPECT_EQ(w[1], std::to_string(s.pid)) << lines[0];
  EXPECT_EQ(w[3], sig) << lines[0];
  EXPECT_EQ(w[4], std::to_string(tpid)) << lines[0];
  EXPECT_EQ(w[5], result) << lines[0];
}

void expect_clean_stop(ToolProcess& t) {
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
}

TEST(sigsnoop, SenderTargetAndSignal) {
  CS_REQUIRE_BPF();
  SignalTarget target;
  ToolProcess t("sigsnoop", {});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  Sent s = send("kill", target.pid, kSig);
  ASSERT_EQ(s.status, 0);
  expect_line(t, s, std::to_string(kSig), target.pid, "0");
  expect_clean_stop(t);
}

// -T (bcc killsnoop's): only signals to that PID; the sender's SIGCHLD to
// the test and the signal to the other target are left out.
TEST(sigsnoop, TargetPidFilter) {
  CS_REQUIRE_BPF();
  SignalTarget wanted, other;
  ToolProcess t("sigsnoop", {"-T", std::to_string(wanted.pid)});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  Sent skip = send("kill", other.pid, kSig);
  Sent s = send("kill", wanted.pid, kSig);
  expect_line(t, s, std::to_string(kSig), wanted.pid, "0");
  expect_clean_stop(t);
  for (const std::string& l : t.out_lines())
    if (l != kHeader) {
      EXPECT_EQ(words(l).at(4), std::to_string(wanted.pid)) << l;
    }
  EXPECT_TRUE(lines_with_word(t, skip.name).empty()) << t.describe();
}

TEST(sigsnoop, SignalNamesWithN) {
  CS_REQUIRE_BPF();
  SignalTarget target;
  ToolProcess t("sigsnoop", {"-n"});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  Sent a = send("tgkill", target.pid, kSig);
  Sent b = send("kill", target.pid, SIGUSR2);
  expect_line(t, a, "SIGRTMIN+7", target.pid, "0");
  expect_line(t, b, "SIGUSR2", target.pid, "0");
  expect_clean_stop(t);
}

TEST(sigsnoop, SignalFilterTakesNumbersAndNames) {
  CS_REQUIRE_BPF();
  SignalTarget target;
  ToolProcess t("sigsnoop", {"-s", "usr1,41"});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  Sent other = send("kill", target.pid, SIGUSR2);
  Sent a = send("kill", target.pid, SIGUSR1);
  Sent b = send("kill", target.pid, kSig);
  expect_line(t, a, "10", target.pid, "0");
  expect_line(t, b, "41", target.pid, "0");
  EXPECT_TRUE(lines_with_word(t, other.name).empty()) << t.describe();
  for (auto& l : t.out_lines())
    if (l != kHeader) {
      auto w = words(l);
      EXPECT_TRUE(w.at(3) == "10" || w.at(3) == "41") << l;
    }
  expect_clean_stop(t);
}

// Signals sent by the test process itself, with -p naming it.
TEST(sigsnoop, PidFilterIsTheSender) {
  CS_REQUIRE_BPF();
  SignalTarget target;
  ToolProcess t("sigsnoop", {"-p", std::to_string(getpid())});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  Sent other = send("kill", target.pid, kSig);
  ASSERT_TRUE(t.cause_until([&] { kill(target.pid, kSig); },
                            [&](const std::string& o, const std::string&) {
                              return o.find(column(target.pid)) != std::string::npos;
                            }))
      << t.describe();
  EXPECT_TRUE(lines_with_word(t, other.name).empty()) << t.describe();
  for (auto& l : t.out_lines())
    if (l != kHeader) {
      EXPECT_EQ(words(l).at(1), std::to_string(getpid())) << l;
    }
  expect_clean_stop(t);
}

TEST(sigsnoop, KillSyscallsWithK) {
  CS_REQUIRE_BPF();
  SignalTarget target;
  ToolProcess t("sigsnoop", {"-k"});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  Sent a = send("kill", target.pid, kSig);
  Sent b = send("tgkill", target.pid, SIGUSR1);
  Sent c = send("tkill", target.pid, SIGUSR2);
  Sent gone = send("kill", 0x3ffffff0, 0);  // no such process
  EXPECT_EQ(gone.status, ESRCH);
  expect_line(t, a, "41", target.pid, "0");
  expect_line(t, b, "10", target.pid, "0");
  expect_line(t, c, "12", target.pid, "0");
  expect_line(t, gone, "0", 0x3ffffff0, "-3");
  expect_clean_stop(t);
}

TEST(sigsnoop, FailedOnlyWithX) {
  CS_REQUIRE_BPF();
  SignalTarget target;
  ToolProcess t("sigsnoop", {"-k", "-x"});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  Sent ok = send("kill", target.pid, kSig);
  Sent gone = send("tgkill", 0x3ffffff0, kSig);
  expect_line(t, gone, "41", 0x3ffffff0, "-3");
  EXPECT_TRUE(lines_with_word(t, ok.name).empty()) << t.describe();
  expect_clean_stop(t);
}

TEST(sigsnoop, JsonLinesCarryTheFields) {
  CS_REQUIRE_BPF();
  SignalTarget target;
  ToolProcess t("sigsnoop", {"--json"});
  std::vector<Sent> sent;
  // The signal to the target, not only the sender's name: a sender whose kill
  // came before the tool attached still shows up with its SIGCHLD to the test.
  auto is_ours = [&](const JsonValue& j) {
    return j["comm"].str == sent.back().name && j["tpid"].num == target.pid;
  };
  ASSERT_TRUE(t.cause_until([&] { sent.push_back(send("kill", target.pid, kSig)); },
                            [&](const std::string& o, const std::string&) {
                              for (auto& j : json_events(o.substr(0, o.rfind('\n') + 1)))
                                if (is_ours(j)) return true;
                              return false;
                            }))
      << t.describe();
  expect_clean_stop(t);
  bool found = false;
  for (auto& j : json_events(t.out())) {
    if (!is_ours(j)) continue;
    found = true;
    EXPECT_EQ(j["pid"].num, sent.back().pid);
    EXPECT_EQ(j["tid"].num, sent.back().pid);
    EXPECT_EQ(j["sig"].num, kSig);
    EXPECT_EQ(j["signal_name"].str, "SIGRTMIN+7");
    EXPECT_EQ(j["tpid"].num, target.pid);
    EXPECT_EQ(j["tcomm"].str, target.name);
    EXPECT_EQ(j["result"].num, 0);
    EXPECT_EQ(j["source"].str, "signal");
    EXPECT_TRUE(is_hms(j["time"].str));
  }
  EXPECT_TRUE(found) << t.describe();
}

TEST(sigsnoop, PerfBufferForced) {
  CS_REQUIRE_BPF();
  SignalTarget target;
  ToolProcess t("sigsnoop", {"--buffer", "perf", "-v"});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  EXPECT_NE(t.err().find("perf buffer"), std::string::npos) << t.describe();
  Sent s = send("kill", target.pid, kSig);
  expect_line(t, s, "41", target.pid, "0");
  expect_clean_stop(t);
}

TEST(sigsnoop, EachAttachFlavourInBothModes) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  SignalTarget target;
  for (std::string mode : {"fentry", "raw", "tracepoint"})
    for (bool k : {false, true}) {
      SCOPED_TRACE(mode + (k ? " -k" : ""));
      std::vector<std::string> args{"--attach", mode};
      if (k) args.push_back("-k");
      ToolProcess t("sigsnoop", args);
      ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
      Sent s = send("tgkill", target.pid, kSig);
      expect_line(t, s, "41", target.pid, "0");
      expect_clean_stop(t);
    }
}

TEST(sigsnoop, UsageErrorsExit2) {
  expect_usage_errors("sigsnoop", {{"-p", "12abc"}, {"-s", "0"}, {"-s", "65"},
                                   {"-s", "9,NOPE"}, {"-s", ""}, {"-s", "9,"}, {"--attach", "sideways"}});
  RunResult h = run_tool("sigsnoop", {"--help"});
  EXPECT_NE(h.out.find("--kill"), std::string::npos) << h.out;
}

}  // namespace
