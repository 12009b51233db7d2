// Live tests for exitsnoop: workloads name themselves with a unique token,
// then exit with a chosen code or are killed by the test, and the tool must
// report exactly that process with its exit code or signal.
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include <ctime>

#include "harness.h"
#include "proc_helpers.h"
#include "workloads.h"

using namespace cstest;

namespace {

const char kHeader[] = "PCOMM            PID     PPID    TID     AGE(s)  EXIT_CODE";

// args: NAME CODE -- names itself NAME and exits with CODE.
CS_WORKLOAD(exitsnoop_code) {
  set_comm(args.at(0));
  return std::atoi(args.at(1).c_str());
}

// args: NAME -- names itself NAME and waits to be killed.
CS_WORKLOAD(exitsnoop_wait) {
  set_comm(args.at(0));
  for (;;) pause();
}

// args: NAME -- a second thread names itself NAME and exits; then the
// process exits 0 under its own name.
CS_WORKLOAD(exitsnoop_thread) {
  static std::string name = args.at(0);
  pthread_t t;
  pthread_create(
      &t, nullptr,
      [](void*) -> void* {
        set_comm(name);
        return nullptr;
      },
      nullptr);
  pthread_join(t, nullptr);
  return 0;
}

struct Exited {
  pid_t pid;
  int status;
};

// Runs exitsnoop_code NAME CODE to its end.
Exited run_code(const std::string& name, int code) {
  pid_t p = spawn_workload("exitsnoop_code", {name, std::to_string(code)});
  int st = 0;
  waitpid(p, &st, 0);
  return {p, st};
}

// Starts exitsnoop_wait NAME, waits until it is named, kills it with sig.
Exited run_killed(const std::string& name, int sig) {
  pid_t p = spawn_workload("exitsnoop_wait", {name});
  EXPECT_TRUE(wait_comm(p, name));
  kill(p, sig);
  int st = 0;
  waitpid(p, &st, 0);
  return {p, st};
}

// The one text line whose PCOMM is `name`; checks PID, PPID, TID and AGE.
std::string line_for(ToolProcess& t, const std::string& name, pid_t pid, bool timestamps = false) {
  EXPECT_TRUE(t.wait_for_out(name)) << t.describe();
  auto lines = lines_with_word(t, name);
  EXPECT_EQ(lines.size(), 1u) << t.describe();
  if (lines.empty()) return "";
  auto w = words(lines[0]);
  size_t i = timestamps ? 1 : 0;
  if (timestamps) {
    EXPECT_TRUE(is_hms(w.at(0))) << lines[0];
  }
  EXPECT_EQ(w.at(i), name) << lines[0];
  EXPECT_EQ(w.at(i + 1), std::to_string(pid)) << lines[0];
  EXPECT_EQ(w.at(i + 2), std::to_string(getpid())) << lines[0];
  EXPECT_EQ(w.at(i + 3), std::to_string(pid)) << lines[0];
  double age = std::atof(w.at(i + 4).c_str());
  EXPECT_TRUE(age >= 0 && age < 60) << lines[0];
  return lines[0];
}

// What follows the AGE(s) column.
std::string exit_text(const std::string& line, bool timestamps = false) {
  auto w = words(line);
  std::string s;
  for (size_t i = timestamps ? 6 : 5; i < w.size(); i++) s += (s.empty() ? "" : " ") + w[i];
  return s;
}

void expect_clean_stop(ToolProcess& t) {
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
}

TEST(exitsnoop, ExitCodeOfOwnProcess) {
  CS_REQUIRE_BPF();
  ToolProcess t("exitsnoop", {});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  std::string name = unique_token("ex");
  Exited x = run_code(name, 42);
  ASSERT_TRUE(WIFEXITED(x.status) && WEXITSTATUS(x.status) == 42);
  EXPECT_EQ(exit_text(line_for(t, name, x.pid)), "code 42");
  expect_clean_stop(t);
}

TEST(exitsnoop, KilledProcessShowsTheSignal) {
  CS_REQUIRE_BPF();
  ToolProcess t("exitsnoop", {});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  std::string killed = unique_token("ex"), clean = unique_token("ex");
  Exited k = run_killed(killed, SIGKILL);
  ASSERT_TRUE(WIFSIGNALED(k.status) && WTERMSIG(k.status) == SIGKILL);
  EXPECT_EQ(exit_text(line_for(t, killed, k.pid)), "signal 9 (Killed)");
  Exited c = run_code(clean, 0);
  EXPECT_EQ(exit_text(line_for(t, clean, c.pid)), "0");
  expect_clean_stop(t);
}

TEST(exitsnoop, FailedOnlyWithX) {
  CS_REQUIRE_BPF();
  ToolProcess t("exitsnoop", {"-x"});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  std::string ok = unique_token("ex"), term = unique_token("ex"), fence = unique_token("ex");
  run_code(ok, 0);
  Exited k = run_killed(term, SIGTERM);
  Exited f = run_code(fence, 3);  // reported after the others were
  EXPECT_EQ(exit_text(line_for(t, fence, f.pid)), "code 3");
  EXPECT_EQ(exit_text(line_for(t, term, k.pid)), "signal 15 (Terminated)");
  EXPECT_TRUE(lines_with_word(t, ok).empty()) << t.describe();
  expect_clean_stop(t);
}

TEST(exitsnoop, ThreadsOnlyWithT) {
  CS_REQUIRE_BPF();
  for (bool threaded : {false, true}) {
    SCOPED_TRACE(threaded ? "-T" : "no -T");
    ToolProcess t("exitsnoop", threaded ? std::vector<std::string>{"-T"} : std::vector<std::string>{});
    ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
    std::string thread = unique_token("th");
    pid_t p = spawn_workload("exitsnoop_thread", {thread});
    ASSERT_EQ(wait_workload(p), 0);
    // The process's own exit (under the test binary's name) is the fence.
    ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
      return o.find(column(p)) != std::string::npos &&
             (!threaded || o.find(thread) != std::string::npos);
    })) << t.describe();
    auto lines = lines_with_word(t, thread);
    if (!threaded) {
      EXPECT_TRUE(lines.empty()) << t.describe();
    } else {
      ASSERT_EQ(lines.size(), 1u) << t.describe();
      auto w = words(lines[0]);
      EXPECT_EQ(w.at(1), std::to_string(p)) << lines[0];
      EXPECT_NE(w.at(3), std::to_string(p)) << "TID should be the thread's: " << lines[0];
      EXPECT_EQ(w.at(5), "0") << lines[0];
    }
    expect_clean_stop(t);
  }
}

TEST(exitsnoop, PidFilter) {
  CS_REQUIRE_BPF();
  std::string watched = unique_token("ex"), other = unique_token("ex");
  pid_t p = spawn_workload("exitsnoop_wait", {watched});
  ASSERT_TRUE(wait_comm(p, watched));
  ToolProcess t("exitsnoop", {"-p", std::to_string(p)});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  run_code(other, 5);
  kill(p, SIGUSR1);
  int st;
  waitpid(p, &st, 0);
  EXPECT_EQ(exit_text(line_for(t, watched, p)), "signal 10 (User defined signal 1)");
  EXPECT_TRUE(lines_with_word(t, other).empty()) << t.describe();
  EXPECT_EQ(t.out_lines().size(), 2u) << t.describe();
  expect_clean_stop(t);
}

TEST(exitsnoop, TimestampColumn) {
  CS_REQUIRE_BPF();
  ToolProcess t("exitsnoop", {"-t"});
  ASSERT_TRUE(t.wait_for_out(std::string("TIME(s)  ") + kHeader)) << t.describe();
  std::string name = unique_token("ex");
  Exited x = run_code(name, 7);
  EXPECT_EQ(exit_text(line_for(t, name, x.pid, true), true), "code 7");
  expect_clean_stop(t);
}

// bcc's --utc and --label.  TZ is 5 hours west of UTC, so -t and --utc
// print different hours of the same exit.
TEST(exitsnoop, UtcTimeAndLabelColumns) {
  CS_REQUIRE_BPF();
  auto hour_now = [](bool utc) {
    time_t now = time(nullptr);
    tm t;
    if (utc) gmtime_r(&now, &t);
    else localtime_r(&now, &t);
    return t.tm_hour;
  };
  for (bool utc : {false, true}) {
    SCOPED_TRACE(utc ? "--utc" : "-t");
    std::vector<std::string> args{"--label", "web01"};
    args.push_back(utc ? "--utc" : "-t");
    ToolProcess t("exitsnoop", args, {"TZ=CST+05"});
    ASSERT_TRUE(t.wait_for_out(std::string("LABEL      ") + (utc ? "TIME-UTC " : "TIME(s)  ") + kHeader))
        << t.describe();
    std::string name = unique_token("ex");
    int before = utc ? hour_now(true) : (hour_now(true) + 19) % 24;  // UTC-5
    run_code(name, 3);
    ASSERT_TRUE(t.wait_for_out(name)) << t.describe();
    auto lines = lines_with_word(t, name);
    ASSERT_EQ(lines.size(), 1u) << t.describe();
    auto w = words(lines[0]);
    ASSERT_GE(w.size(), 3u) << lines[0];
    EXPECT_EQ(w[0], "web01") << lines[0];
    ASSERT_TRUE(is_hms(w[1])) << lines[0];
    int hour = std::atoi(w[1].substr(0, 2).c_str());
    int after = utc ? hour_now(true) : (hour_now(true) + 19) % 24;
    EXPECT_TRUE(hour == before || hour == after) << lines[0] << " expected hour " << before;
    EXPECT_EQ(w[2], name) << lines[0];
    expect_clean_stop(t);
  }
  ToolProcess j("exitsnoop", {"--label", "web01", "--json"});
  std::string name = unique_token("ex");
  ASSERT_TRUE(j.cause_until([&] { run_code(name, 3); },
                            [&](const std::string& o, const std::string&) {
                              return o.find(name) != std::string::npos;
                            }))
      << j.describe();
  expect_clean_stop(j);
  bool found = false;
  for (auto& e : json_events(j.out()))
    if (e["comm"].str == name) {
      found = true;
      EXPECT_EQ(e["label"].str, "web01");
    }
  EXPECT_TRUE(found) << j.describe();
}

TEST(exitsnoop, JsonCarriesCodeAndSignal) {
  CS_REQUIRE_BPF();
  ToolProcess t("exitsnoop", {"--json"});
  // No header in JSON mode: repeat until the tool is attached.
  std::string coded = unique_token("ex");
  std::vector<pid_t> coded_pids;
  ASSERT_TRUE(t.cause_until([&] { coded_pids.push_back(run_code(coded, 42).pid); },
                            [&](const std::string& o, const std::string&) {
                              return o.find(coded) != std::string::npos;
                            }))
      << t.describe();
  std::string killed = unique_token("ex");
  Exited k = run_killed(killed, SIGKILL);
  ASSERT_TRUE(t.wait_for_out(killed)) << t.describe();
  expect_clean_stop(t);
  int seen = 0;
  for (auto& j : parse_json_lines(t.out())) {
    if (j["comm"].str == coded) {
      seen |= 1;
      EXPECT_NE(std::find(coded_pids.begin(), coded_pids.end(), pid_t(j["pid"].num)),
                coded_pids.end());
      EXPECT_EQ(j["ppid"].num, getpid());
      EXPECT_EQ(j["tid"].num, j["pid"].num);
      EXPECT_EQ(j["exit_code"].num, 42);
      EXPECT_EQ(j["signal"].kind, JsonValue::Null);
      EXPECT_FALSE(j["core_dumped"].b);
      EXPECT_GE(j["age"].num, 0);
      EXPECT_TRUE(is_hms(j["time"].str));
    } else if (j["comm"].str == killed) {
      seen |= 2;
      EXPECT_EQ(j["pid"].num, k.pid);
      EXPECT_EQ(j["exit_code"].num, 0);
      EXPECT_EQ(j["signal"].num, 9);
      EXPECT_EQ(j["signal_name"].str, "SIGKILL");
    }
  }
  EXPECT_EQ(seen, 3) << t.describe();
}

TEST(exitsnoop, PerfBufferForced) {
  CS_REQUIRE_BPF();
  ToolProcess t("exitsnoop", {"--buffer", "perf", "-v"});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  EXPECT_NE(t.err().find("perf buffer"), std::string::npos) << t.describe();
  std::string name = unique_token("ex");
  Exited x = run_code(name, 1);
  EXPECT_EQ(exit_text(line_for(t, name, x.pid)), "code 1");
  expect_clean_stop(t);
}

TEST(exitsnoop, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    ToolProcess t("exitsnoop", {"--attach", mode});
    ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
    std::string name = unique_token("ex");
    Exited k = run_killed(name, SIGKILL);
    EXPECT_EQ(exit_text(line_for(t, name, k.pid)), "signal 9 (Killed)");
    expect_clean_stop(t);
  }
}

TEST(exitsnoop, UsageErrorsExit2) {
  expect_usage_errors("exitsnoop", {{"-p", "12abc"}, {"-p", "0"}, {"-c", "/no/such/cgroup"},
                                    {"--attach", "sideways"}, {"extra-argument"}});
  RunResult h = run_tool("exitsnoop", {"--help"});
  EXPECT_NE(h.out.find("--threaded"), std::string::npos) << h.out;
}

}  // namespace
